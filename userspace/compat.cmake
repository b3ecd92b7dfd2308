# compat.cmake — programs built by the host's own toolchains, as a student's
# would be, and an initrd that can run them (tests/compat.toml).
#
# userspace/compat/compat.c is compiled with every toolchain found:
#
#   gcc -static            /compat/gcc-static         glibc, static
#   gcc -static-pie        /compat/gcc-static-pie     glibc, static PIE
#   gcc                    /compat/gcc-dynamic        glibc: /lib64/ld-linux-x86-64.so.2
#   musl-gcc -static       /compat/musl-static        musl, static
#   musl-gcc               /compat/musl-dynamic       musl: /lib/ld-musl-x86_64.so.1
#   rustc -C target-feature=+crt-static   /compat/rust-static   (compat.rs)
#   rustc                  /compat/rust-dynamic       glibc's loader, libc, libgcc_s
#
# Without rustc (it is not a Debian package here: rustup's, in ~/.cargo/bin),
# /compat/rust-* are a C stand-in that says so, and the tests accept that.
#
# build/userspace/initrd-compat.tar is the ordinary initrd plus those, the
# dynamic loaders and libraries they name (the host's own files, from
# Debian's libc6 and musl packages), and /etc/compat.txt. Only the tests
# that ask for it (`initrd = "compat"`) boot with it: the ISO keeps the
# small initrd, so no other boot pays for reading 4 MB more from the CD.

set(COMPAT_BIN ${CMAKE_BINARY_DIR}/compat)
set(COMPAT_SRC ${RINGLAB_ROOT}/userspace/compat/compat.c)
set(RINGLAB_INITRD_COMPAT ${CMAKE_BINARY_DIR}/userspace/initrd-compat.tar)
set(compat_args etc/compat.txt=${RINGLAB_ROOT}/userspace/compat/compat.txt)
set(compat_files)

# compat_program(<name> <compiler> <flags...>)
function(compat_program name compiler)
    add_custom_command(
        OUTPUT ${COMPAT_BIN}/${name}
        COMMAND ${CMAKE_COMMAND} -E make_directory ${COMPAT_BIN}
        COMMAND ${compiler} ${ARGN} -O2 -s -o ${COMPAT_BIN}/${name} ${COMPAT_SRC}
        DEPENDS ${COMPAT_SRC}
        COMMENT "${compiler} ${ARGN}: compat/${name}"
        VERBATIM)
    set(compat_args ${compat_args} compat/${name}=${COMPAT_BIN}/${name} PARENT_SCOPE)
    set(compat_files ${compat_files} ${COMPAT_BIN}/${name} PARENT_SCOPE)
endfunction()

# A library a dynamic program needs, at the path its loader looks for it.
function(compat_library path_in_initrd)
    get_filename_component(real ${path_in_initrd} REALPATH)
    if(EXISTS ${real})
        string(REGEX REPLACE "^/" "" name ${path_in_initrd})
        set(compat_args ${compat_args} ${name}=${real} PARENT_SCOPE)
    endif()
endfunction()

find_program(HOST_GCC gcc)
find_program(MUSL_GCC musl-gcc)
if(HOST_GCC)
    compat_program(gcc-static ${HOST_GCC} -static)
    compat_program(gcc-static-pie ${HOST_GCC} -static-pie)
    compat_program(gcc-dynamic ${HOST_GCC})
    compat_library(/lib64/ld-linux-x86-64.so.2)
    compat_library(/lib/x86_64-linux-gnu/libc.so.6)
endif()
if(MUSL_GCC)
    compat_program(musl-static ${MUSL_GCC} -static)
    compat_program(musl-dynamic ${MUSL_GCC})
    compat_library(/lib/ld-musl-x86_64.so.1)
endif()

# Rust: the same checks in compat.rs, or the stand-in.
find_program(RUSTC rustc HINTS $ENV{HOME}/.cargo/bin /root/.cargo/bin)
set(RUST_SRC ${RINGLAB_ROOT}/userspace/compat/compat.rs)
foreach(kind static dynamic)
    set(out ${COMPAT_BIN}/rust-${kind})
    if(RUSTC)
        set(flags -O -C strip=symbols)
        if(kind STREQUAL "static")
            list(APPEND flags -C target-feature=+crt-static)
        endif()
        add_custom_command(OUTPUT ${out}
            COMMAND ${CMAKE_COMMAND} -E make_directory ${COMPAT_BIN}
            COMMAND ${RUSTC} ${flags} -o ${out} ${RUST_SRC}
            DEPENDS ${RUST_SRC} COMMENT "rustc (${kind}): compat/rust-${kind}" VERBATIM)
    else()
        add_custom_command(OUTPUT ${out}
            COMMAND ${CMAKE_COMMAND} -E make_directory ${COMPAT_BIN}
            COMMAND ${HOST_GCC} -static -O2 -s -o ${out}
                    ${RINGLAB_ROOT}/userspace/compat/no_rustc.c
            DEPENDS ${RINGLAB_ROOT}/userspace/compat/no_rustc.c
            COMMENT "no rustc: compat/rust-${kind} says so" VERBATIM)
    endif()
    list(APPEND compat_args compat/rust-${kind}=${out})
    list(APPEND compat_files ${out})
endforeach()
if(RUSTC)
    compat_library(/lib/x86_64-linux-gnu/libgcc_s.so.1)
else()
    message(STATUS "rustc not found: the compat tests say the Rust programs were skipped")
endif()

add_custom_command(
    OUTPUT ${RINGLAB_INITRD_COMPAT}
    COMMAND ${Python3_EXECUTABLE} ${RINGLAB_ROOT}/scripts/mkinitrd.py
            --out ${RINGLAB_INITRD_COMPAT} ${RINGLAB_INITRD_ARGS} ${compat_args}
    DEPENDS ${RINGLAB_INITRD} ${compat_files} ${RINGLAB_ROOT}/userspace/compat/compat.txt
            ${RINGLAB_ROOT}/scripts/mkinitrd.py
    COMMENT "Packing the compat initrd (the initrd, host-built programs, their loaders)"
    VERBATIM)
add_custom_target(initrd-compat ALL DEPENDS ${RINGLAB_INITRD_COMPAT})
