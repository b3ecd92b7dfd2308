# ringlab — the front door, in the course dialect. The build itself is
# CMake (CMakeLists.txt); this file only names the common commands.
#
#   make run [LAB=N] [BUGS=name] [CMDLINE='...'] [EXTRA=dir] [QEMU_ARGS='...'] [CPUS=N]
#   make run USERLAND=busybox                      busybox's sh and applets as the userland
#   make test [CTEST_ARGS=...]                     every test (ctest)
#   make test-loaded                               ... beside four busy loops
#   make qemu / qemu-nox / qemu-gdb / gdb          the classic pair for gdb
#   make record [LAB=N] [BUGS=name] [CMDLINE=...]  record one run (under build/record/)
#   make replay-gdb [LAB=N] [BUGS=name]            replay it for `make gdb`, which
#                                                  can then run it backwards too
#   make grade LAB=N [BUGS=name] [TRUSTED=dir]     lab N's graded tests
#   make bugs                                      the injected-bug catalogue
#   make fuzz [FUZZ_TIME=300]                      the ELF checks under libFuzzer

# In a student tree (handout.toml, written by `make handout`) LAB defaults to
# the tree's own lab, so every default below (ICOUNT's too) follows it.
LAB     ?= $(shell sed -n 's/^lab = //p' handout.toml 2>/dev/null)
BUGS    ?=
TRUSTED ?=
CMDLINE ?=
QEMU_ARGS ?=
# The recipes read CMDLINE from the environment ("$$CMDLINE"), never pasted
# into the shell line: its quotes (init="/bin/sh -c 'a; b'") reach the kernel.
export CMDLINE
# Labs 3 and 4 have timer-driven bugs: their runs are deterministic by default
# (-icount shift=0: the timer ticks at the same instruction every run, as in
# the tests). ICOUNT= (empty) turns that off, ICOUNT=N picks another shift.
# Lab 5's CPUs take turns under -icount, and the bugs' sessions run the same
# way every time; where QEMU switches CPUs also depends a little on the
# host, so ticks, and which CPU ran what, may differ between two runs
# (docs/architecture.md, "Several CPUs").
ICOUNT  ?= $(if $(filter 3 4 5,$(LAB)),0,)
# Lab 5 is about several CPUs: its runs have four (QEMU's -smp). CPUS=N picks
# another number, for any stage; the others run on one.
CPUS    ?= $(if $(filter 5,$(LAB)),4,1)
QEMU_SMP = $(if $(filter-out 1,$(CPUS)),-smp $(CPUS))
EXTRA   ?=
# USERLAND=busybox: the full kernel booting Debian's busybox as its shell
# (its applets in /bin, init=/bin/sh unless CMDLINE says otherwise)
USERLAND ?=
BUILD   ?= build
JOBS    ?= $(shell nproc)
# The tools are one Python package (scripts/ringlab/, Python 3.11 or newer):
# `$(RINGLAB) grade ...` is `python3 -m ringlab grade ...` with this tree's copy.
# PYTHON: the interpreter CMake found (CMakeLists.txt: not a version
# manager's shim in front of it), once the build is configured.
PYTHON  := $(or $(shell sed -n 's/^RINGLAB_PYTHON:INTERNAL=//p' $(BUILD)/CMakeCache.txt 2>/dev/null),python3)
RINGLAB := PYTHONPATH=$(CURDIR)/scripts $(PYTHON) -m ringlab

# computed once, when a target first needs it
VARIANT  = $(eval VARIANT := $(shell $(RINGLAB) manifest variant '$(LAB)' '$(BUGS)' || echo INVALID))$(VARIANT)
ISO      = $(BUILD)/variants/$(VARIANT)/ringlab.iso


.PHONY: busybox-initrd
.PHONY: all deps configure variant iso run qemu qemu-nox qemu-gdb gdb record replay-gdb test test-loaded bugs grade walkthrough clean fuzz
all: iso

deps:
	@scripts/deps.sh

$(BUILD)/build.ninja: CMakeLists.txt | deps
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE= >/dev/null

# EXTRA=dir puts that folder's files into the initrd under /extra — for this
# command only: every command sets the build's EXTRA to what it was given
# (nothing, usually), so an earlier `make run EXTRA=…` never leaks into a
# later run, walkthrough or grade.
configure: $(BUILD)/build.ninja
	@extra='$(if $(EXTRA),$(abspath $(EXTRA)))'; \
	 cached=$$(sed -n 's/^RINGLAB_EXTRA:PATH=//p' $(BUILD)/CMakeCache.txt); \
	 if [ "$$extra" != "$$cached" ]; then cmake -S . -B $(BUILD) -DRINGLAB_EXTRA="$$extra" >/dev/null; fi

variant:
	@test "$(VARIANT)" != INVALID

iso: variant deps configure
	cmake --build $(BUILD) --target iso-$(VARIANT)

ifeq ($(USERLAND),busybox)
LAB      = full
CMDLINE  = init=/bin/sh
USERLAND_ARGS = --initrd $(BUILD)/userspace/initrd-busybox.tar
iso: busybox-initrd
busybox-initrd: configure
	@test -e userspace/busybox/busybox.cmake || { echo "ringlab: USERLAND=busybox is the full kernel's (not in a lab's tree)" >&2; exit 1; }
	@test -e /bin/busybox || { echo "ringlab: USERLAND=busybox needs busybox-static (scripts/deps.sh installs it)" >&2; exit 1; }
	cmake --build $(BUILD) --target initrd-busybox
else ifneq ($(USERLAND),)
$(error USERLAND=$(USERLAND): only USERLAND=busybox is known)
endif

run: iso
	@$(RINGLAB) run --iso $(ISO) --cmdline "$$CMDLINE" --qemu-args '$(QEMU_SMP) $(QEMU_ARGS)' --icount '$(ICOUNT)' $(USERLAND_ARGS)

qemu: iso
	@$(RINGLAB) run --iso $(ISO) --cmdline "$$CMDLINE" --mode qemu --qemu-args '$(QEMU_SMP) $(QEMU_ARGS)' --icount '$(ICOUNT)' $(USERLAND_ARGS)

qemu-nox: iso
	@$(RINGLAB) run --iso $(ISO) --cmdline "$$CMDLINE" --mode nox --qemu-args '$(QEMU_SMP) $(QEMU_ARGS)' --icount '$(ICOUNT)' $(USERLAND_ARGS)

qemu-gdb: iso
	@$(RINGLAB) run --iso $(ISO) --cmdline "$$CMDLINE" --mode gdb --qemu-args '$(QEMU_SMP) $(QEMU_ARGS)' --icount '$(ICOUNT)' $(USERLAND_ARGS)

gdb: variant
	@$(RINGLAB) gdb --elf $(BUILD)/variants/$(VARIANT)/kernel.elf

# QEMU's record/replay (docs/debugging.md, "Reverse debugging"): always
# under -icount shift=0; the recording is build/record/<variant>/.
record: iso
	@$(RINGLAB) record --build $(BUILD) --variant $(VARIANT) --cmdline "$$CMDLINE"

replay-gdb: variant
	@$(RINGLAB) record --build $(BUILD) --variant $(VARIANT) --replay

# CTEST_ARGS='-R kit' picks tests (ctest's own options); without it,
# CTEST_DEFAULT's selection (none: every test)
CTEST_ARGS    ?=
CTEST_DEFAULT ?=
test: deps configure
	cmake --build $(BUILD)
	ctest --test-dir $(BUILD) -j$(JOBS) --output-on-failure --timeout 300 \
	    $(if $(strip $(CTEST_ARGS)),$(CTEST_ARGS),$(CTEST_DEFAULT))

# The suite beside four CPU-bound processes, as on a shared grading machine
# or CI runner; they stop with the suite (or after LOAD_TIME seconds).
LOAD_TIME ?= 3600
test-loaded: deps configure
	@pids=""; for i in 1 2 3 4; do \
	     timeout $(LOAD_TIME) sh -c 'while :; do :; done' & pids="$$pids $$!"; done; \
	 echo "test-loaded: four busy loops beside the suite (pids$$pids)"; \
	 status=0; $(MAKE) --no-print-directory test || status=$$?; \
	 kill $$pids 2>/dev/null; exit $$status

bugs:
	@$(RINGLAB) manifest bugs

# The kernel's ELF checks (kernel/proc/elf.c) under libFuzzer for FUZZ_TIME
# seconds; `make test` runs 1,000,000 inputs from a fixed seed (ctest fuzz.elf). Inputs it finds are kept
# in build/tests/fuzz/corpus, a crash in build/tests/fuzz/crash-*.
FUZZ_TIME ?= 300
fuzz: deps configure
	cmake --build $(BUILD) --target fuzz-elf initrd
	scripts/fuzz_elf.sh $(BUILD) $(FUZZ_TIME)

# TRUSTED=dir: grade this tree with the tests and grader of dir, a pristine
# student tree (course staff; see scripts/ringlab/trusted.py). The grader is
# dir's own, run from dir: nothing of this tree's Python is imported.
grade: deps configure
	@test -n "$(LAB)" || { echo "usage: make grade LAB=N [BUGS=name] [TRUSTED=dir]"; exit 2; }
ifeq ($(TRUSTED),)
	@$(RINGLAB) grade --build $(BUILD) --lab '$(LAB)' --bugs '$(BUGS)'
else
	@cd $(TRUSTED) && PYTHONPATH=$(abspath $(TRUSTED))/scripts python3 -m ringlab grade \
	    --lab '$(LAB)' --trusted $(abspath $(TRUSTED)) --submission $(CURDIR) \
	    --out $(abspath $(BUILD))/grade
endif

# MODE=reverse: the bug's "go backwards" session on a fresh recording
MODE ?=
walkthrough: deps configure
	@test -n "$(BUGS)" || { echo "usage: make walkthrough LAB=N BUGS=name [MODE=reverse]"; exit 2; }
	@$(RINGLAB) walkthrough --build $(BUILD) --lab '$(LAB)' --bug '$(BUGS)' $(if $(MODE),--mode '$(MODE)')

clean:
	rm -rf $(BUILD)

# ---- instructor tools (make handout leaves this block out of student trees)
# docs/instructor-guide.md explains them.
#   make handout LAB=N OUT=dir [SOLUTION=1]    the student tree of lab N
#   make lab-branches [SOLUTIONS=1]            branches lab1..labN (+ labN-solution)
#   make demo-iso                              every stage and bug on one GRUB menu
#   make bench [FULL=1]                        benchmarks, `name value unit` each
#                                              (docs/performance.md)
OUT       ?=
SOLUTION  ?=
# Here (not in a student tree) `make test` leaves out the tests labelled
# in-kit: each lab's graded tests and its bugs' symptom tests, which
# kit.labN runs on the lab's student tree (scripts/ringlab/manifest.py,
# run_by_kit). Run here, they would boot the same sources' instructor build
# a second time; CTEST_ARGS='-L in-kit' runs them on this tree's variants.
CTEST_DEFAULT := -LE in-kit
SOLUTIONS ?=
FULL      ?=
.PHONY: handout lab-branches demo-iso bench

handout:
	@test -n "$(LAB)" -a -n "$(OUT)" || { echo "usage: make handout LAB=N OUT=dir [SOLUTION=1]"; exit 2; }
	@$(RINGLAB) handout --lab '$(LAB)' --out '$(OUT)' $(if $(SOLUTION),--solution)

lab-branches:
	@$(RINGLAB) lab-branches $(if $(SOLUTIONS),--solutions)

demo-iso: deps configure
	@$(RINGLAB) demo-iso --build $(BUILD)

# FULL=1: also time the whole test suite (minutes)
bench: deps configure
	@$(RINGLAB) bench --build $(BUILD) $(if $(FULL),--full)
# ---- end of instructor tools
