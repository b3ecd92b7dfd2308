# initrd.cmake — build/userspace/initrd.tar: every user program as bin/<name>.
#
# Included from the top-level CMakeLists.txt, after add_subdirectory(userspace)
# and before the manifests (ringlab_kernel() reads RINGLAB_INITRD_<level>):
# the ISO rules then depend on the archive as a file of their own directory,
# which every CMake generator handles.
#
#   cmake -DRINGLAB_EXTRA=dir ...   adds dir's files under extra/ (make run EXTRA=dir)

set(RINGLAB_EXTRA "" CACHE PATH "A directory whose files the initrd holds under extra/")
set(RINGLAB_INITRD ${CMAKE_BINARY_DIR}/userspace/initrd.tar)

get_property(programs GLOBAL PROPERTY RINGLAB_USER_PROGRAMS)
set(initrd_args)
foreach(p IN LISTS programs)
    list(APPEND initrd_args bin/${p}=$<TARGET_FILE:${p}>)
endforeach()
foreach(p IN LISTS RINGLAB_USER_EXTERNAL_PROGRAMS)   # name=path, e.g. musl builds
    string(REGEX REPLACE "=.*" "" name ${p})
    string(REGEX REPLACE "^[^=]*=" "" path ${p})
    list(APPEND initrd_args bin/${name}=${path})
    list(APPEND initrd_deps ${path})
endforeach()
# Scripts and other plain files: userspace/etc/<name> -> etc/<name>.
file(GLOB etc_files CONFIGURE_DEPENDS ${RINGLAB_ROOT}/userspace/etc/*)
foreach(f IN LISTS etc_files)
    get_filename_component(name ${f} NAME)
    list(APPEND initrd_args etc/${name}=${f})
    list(APPEND initrd_deps ${f})
endforeach()
if(TARGET musl-programs)
    list(APPEND initrd_deps musl-programs)
endif()
# The malformed-ELF corpus (scripts/mkbadelf.py) -> bad/<case> and
# bad/INDEX: /bin/usertests execs every case and checks what exec said.
set(RINGLAB_BAD_ELF_DIR ${CMAKE_BINARY_DIR}/userspace/bad)
add_custom_command(
    OUTPUT ${RINGLAB_BAD_ELF_DIR}/INDEX
    COMMAND ${Python3_EXECUTABLE} ${RINGLAB_ROOT}/scripts/mkbadelf.py --out ${RINGLAB_BAD_ELF_DIR}
    DEPENDS ${RINGLAB_ROOT}/scripts/mkbadelf.py
    COMMENT "Writing the malformed-ELF corpus (mkbadelf.py)"
    VERBATIM)
list(APPEND initrd_deps ${RINGLAB_BAD_ELF_DIR}/INDEX)

set(extra_args --tree bad=${RINGLAB_BAD_ELF_DIR})
if(RINGLAB_EXTRA)
    file(GLOB_RECURSE extra_files CONFIGURE_DEPENDS ${RINGLAB_EXTRA}/*)
    list(APPEND extra_args --extra ${RINGLAB_EXTRA})
endif()

# (compat.cmake packs a second initrd from the same list)
set(RINGLAB_INITRD_ARGS ${extra_args} ${initrd_args})

add_custom_command(
    OUTPUT ${RINGLAB_INITRD}
    COMMAND ${Python3_EXECUTABLE} ${RINGLAB_ROOT}/scripts/mkinitrd.py
            --out ${RINGLAB_INITRD} ${extra_args} ${initrd_args}
    DEPENDS ${programs} ${initrd_deps} ${extra_files} ${RINGLAB_ROOT}/scripts/mkinitrd.py
    COMMENT "Packing the user programs into initrd.tar"
    VERBATIM)
add_custom_target(initrd ALL DEPENDS ${RINGLAB_INITRD})

# The full kernel's compatibility suite (not in a lab's student tree).
if(EXISTS ${RINGLAB_ROOT}/userspace/compat.cmake)
    include(${RINGLAB_ROOT}/userspace/compat.cmake)
endif()
if(EXISTS ${RINGLAB_ROOT}/userspace/busybox/busybox.cmake)
    include(${RINGLAB_ROOT}/userspace/busybox/busybox.cmake)
endif()

# Stage 1 (paging) runs no user code; stages 2..5 and full (6) boot with it.
foreach(level 2 3 4 5 6)
    set(RINGLAB_INITRD_${level} ${RINGLAB_INITRD})
endforeach()
