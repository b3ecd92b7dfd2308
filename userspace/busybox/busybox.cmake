# busybox.cmake — Debian's busybox as the full kernel's userland:
# build/userspace/initrd-busybox.tar (make run USERLAND=busybox, and the
# tests of tests/busybox.toml, `initrd = "busybox"`).
#
# The archive holds /bin/busybox (Debian's busybox-static: one statically
# linked binary) and, for every applet it lists, /bin/<applet> as a hard
# link to it — busybox picks the applet by argv[0]. /bin/sh is busybox's
# shell (ash). /etc holds our etc/ files and busybox-test.sh.

set(RINGLAB_INITRD_BUSYBOX ${CMAKE_BINARY_DIR}/userspace/initrd-busybox.tar)
set(BUSYBOX /bin/busybox)

if(EXISTS ${BUSYBOX})
    execute_process(COMMAND ${BUSYBOX} --list OUTPUT_VARIABLE applets
                    RESULT_VARIABLE rc OUTPUT_STRIP_TRAILING_WHITESPACE)
    # one NAME=TARGET a line (not a CMake list: applets are named "[" and "[[")
    set(links_file ${CMAKE_BINARY_DIR}/userspace/busybox-links.txt)
    string(REGEX REPLACE "([^\n]+)" "bin/\\1=bin/busybox" links "${applets}")
    file(WRITE ${links_file} "${links}\n")
    set(busybox_args bin/busybox=${BUSYBOX} --link-list ${links_file})
    file(GLOB etc_files CONFIGURE_DEPENDS ${RINGLAB_ROOT}/userspace/etc/*)
    foreach(f IN LISTS etc_files)
        get_filename_component(name ${f} NAME)
        list(APPEND busybox_args etc/${name}=${f})
    endforeach()
    list(APPEND busybox_args
         etc/busybox-test.sh=${RINGLAB_ROOT}/userspace/busybox/busybox-test.sh)
    add_custom_command(
        OUTPUT ${RINGLAB_INITRD_BUSYBOX}
        COMMAND ${Python3_EXECUTABLE} ${RINGLAB_ROOT}/scripts/mkinitrd.py
                --out ${RINGLAB_INITRD_BUSYBOX} ${busybox_args}
        DEPENDS ${BUSYBOX} ${etc_files} ${RINGLAB_ROOT}/userspace/busybox/busybox-test.sh
                ${RINGLAB_ROOT}/scripts/mkinitrd.py
        COMMENT "Packing the busybox initrd (busybox-static and its applets)"
        VERBATIM)
    add_custom_target(initrd-busybox ALL DEPENDS ${RINGLAB_INITRD_BUSYBOX})
else()
    message(STATUS "no /bin/busybox (Debian's busybox-static): no busybox userland")
endif()
