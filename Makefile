# ringlab — the front door, in the course dialect. The build itself is
# CMake (CMakeLists.txt); this file only names the common commands.
#
#   make run [LAB=N] [BUGS=name] [CMDLINE='...'] [QEMU_ARGS='...']
#   make test                                      every test (ctest)
#   make qemu / qemu-nox / qemu-gdb / gdb          the classic pair for gdb
#   make grade LAB=N [BUGS=name]                   lab N's graded tests
#   make bugs                                      the injected-bug catalogue

LAB     ?=
BUGS    ?=
CMDLINE ?=
QEMU_ARGS ?=
BUILD   ?= build
JOBS    ?= $(shell nproc)
PY      := python3
RL      := scripts/ringlab

VARIANT  = $(shell $(PY) $(RL)/manifest.py variant '$(LAB)' '$(BUGS)' || echo INVALID)
ISO      = $(BUILD)/variants/$(VARIANT)/ringlab.iso

.PHONY: all deps configure iso run qemu qemu-nox qemu-gdb gdb test bugs grade walkthrough clean
all: iso

deps:
	@scripts/deps.sh

$(BUILD)/build.ninja: CMakeLists.txt | deps
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE= >/dev/null

configure: $(BUILD)/build.ninja

iso: deps configure
	@test "$(VARIANT)" != INVALID
	cmake --build $(BUILD) --target iso-$(VARIANT)

run: iso
	@$(PY) $(RL)/run.py --iso $(ISO) --cmdline '$(CMDLINE)' --qemu-args '$(QEMU_ARGS)'

qemu: iso
	@$(PY) $(RL)/run.py --iso $(ISO) --cmdline '$(CMDLINE)' --mode qemu --qemu-args '$(QEMU_ARGS)'

qemu-nox: iso
	@$(PY) $(RL)/run.py --iso $(ISO) --cmdline '$(CMDLINE)' --mode nox --qemu-args '$(QEMU_ARGS)'

qemu-gdb: iso
	@$(PY) $(RL)/run.py --iso $(ISO) --cmdline '$(CMDLINE)' --mode gdb --qemu-args '$(QEMU_ARGS)'

gdb: iso
	@$(PY) $(RL)/gdb.py --elf $(BUILD)/variants/$(VARIANT)/kernel.elf

test: deps configure
	cmake --build $(BUILD)
	ctest --test-dir $(BUILD) -j$(JOBS) --output-on-failure --timeout 300

bugs:
	@$(PY) $(RL)/manifest.py bugs

grade: deps configure
	@test -n "$(LAB)" || { echo "usage: make grade LAB=N [BUGS=name]"; exit 2; }
	@$(PY) $(RL)/grade.py --build $(BUILD) --lab '$(LAB)' --bugs '$(BUGS)'

walkthrough: deps configure
	@test -n "$(BUGS)" || { echo "usage: make walkthrough LAB=N BUGS=name"; exit 2; }
	@$(PY) $(RL)/walkthrough.py --build $(BUILD) --lab '$(LAB)' --bug '$(BUGS)'

clean:
	rm -rf $(BUILD)
