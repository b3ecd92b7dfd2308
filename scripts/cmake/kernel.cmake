# kernel.cmake — ringlab_kernel(): one kernel variant = one stage + bug flags.
#
# A variant is built into build/variants/<name>/: kernel.elf, kernel.sym
# (the symbol table GRUB loads as a module) and ringlab.iso. Targets:
#   kernel-<name>   the ELF        iso-<name>   the bootable ISO

set(KERNEL_CFLAGS
    -std=gnu11 -ffreestanding -fno-pic -fno-pie -mcmodel=kernel -mno-red-zone
    -mgeneral-regs-only -mno-sse -mno-mmx -mno-80387
    -fno-stack-protector -fno-omit-frame-pointer -mno-omit-leaf-frame-pointer
    -fno-asynchronous-unwind-tables -fcf-protection=none
    -g -Og -Wall -Wextra -Wno-unused-parameter)
set(KERNEL_LINKER_SCRIPT ${RINGLAB_ROOT}/kernel/arch/x86_64/linker.ld)
set(RINGLAB_GENERATED ${CMAKE_BINARY_DIR}/generated)

# asm_offsets.inc: the offsets of C structs, for nasm (never typed twice).
add_custom_command(
    OUTPUT ${RINGLAB_GENERATED}/asm_offsets.inc
    COMMAND ${CMAKE_C_COMPILER} ${KERNEL_CFLAGS} -I${RINGLAB_ROOT}/kernel
            -iquote${RINGLAB_ROOT}/include
            -S ${RINGLAB_ROOT}/kernel/arch/x86_64/asm_offsets.c
            -o ${RINGLAB_GENERATED}/asm_offsets.s
    COMMAND ${Python3_EXECUTABLE} ${RINGLAB_ROOT}/scripts/asm_offsets.py
            ${RINGLAB_GENERATED}/asm_offsets.s ${RINGLAB_GENERATED}/asm_offsets.inc
    DEPENDS ${RINGLAB_ROOT}/kernel/arch/x86_64/asm_offsets.c
            ${RINGLAB_ROOT}/scripts/asm_offsets.py
            ${RINGLAB_ASM_OFFSETS_HEADERS}
    COMMENT "Generating asm_offsets.inc from the C structs"
    VERBATIM)
add_custom_target(asm_offsets DEPENDS ${RINGLAB_GENERATED}/asm_offsets.inc)

# ringlab_kernel(<variant> <stage: 1..5|full> <bug names, ;-separated>)
# The full kernel is level 6: every lab's code, and what no lab teaches
# (KERNEL_SOURCES_FULL and the guards of level 6).
function(ringlab_kernel variant stage bugs)
    if(stage STREQUAL "full")
        set(level 6)
    else()
        set(level ${stage})
    endif()
    set(sources ${KERNEL_SOURCES_0})
    foreach(n RANGE 1 ${level})
        if(n LESS_EQUAL 5)
            list(APPEND sources ${KERNEL_SOURCES_${n}})
        endif()
    endforeach()
    if(level EQUAL 6)
        list(APPEND sources ${KERNEL_SOURCES_FULL})
    endif()
    list(TRANSFORM sources PREPEND ${RINGLAB_ROOT}/kernel/)

    set(dir ${CMAKE_BINARY_DIR}/variants/${variant})
    set(target kernel-${variant})
    add_executable(${target} EXCLUDE_FROM_ALL ${sources})
    add_dependencies(${target} asm_offsets)
    set_target_properties(${target} PROPERTIES
        OUTPUT_NAME kernel.elf RUNTIME_OUTPUT_DIRECTORY ${dir}
        LINK_DEPENDS ${KERNEL_LINKER_SCRIPT})
    target_include_directories(${target} PRIVATE
        ${RINGLAB_ROOT}/kernel ${RINGLAB_GENERATED})
    target_compile_options(${target} PRIVATE $<$<COMPILE_LANGUAGE:C>:${KERNEL_CFLAGS}>
        # the ABI headers shared with our libc, as "ringlab/...": -iquote, so
        # that libc's <stdio.h> and friends can never reach the kernel
        $<$<COMPILE_LANGUAGE:C>:-iquote${RINGLAB_ROOT}/include>)
    string(REPLACE ";" "," bugs_text "${bugs}")
    if(bugs_text STREQUAL "" AND RINGLAB_STUDENT_LAB)
        # a student tree: lab N's bugs are the code itself, and the build
        # cannot tell whether they have been fixed yet
        set(bugs_text "lab ${RINGLAB_STUDENT_LAB}'s, in the code until you fix them")
    elseif(bugs_text STREQUAL "")
        set(bugs_text "none")
    endif()
    target_compile_definitions(${target} PRIVATE RINGLAB_LAB=${level}
        $<$<COMPILE_LANGUAGE:C>:RINGLAB_STAGE_NAME="${stage}">
        $<$<COMPILE_LANGUAGE:C>:RINGLAB_BUGS="${bugs_text}">)
    foreach(bug IN LISTS bugs)
        target_compile_definitions(${target} PRIVATE ${RINGLAB_BUG_FLAG_${bug}}=1)
    endforeach()
    target_link_options(${target} PRIVATE -nostdlib -static $<$<C_COMPILER_ID:GNU>:-no-pie>
        -Wl,-T,${KERNEL_LINKER_SCRIPT} -Wl,-z,max-page-size=4096
        -Wl,--build-id=none -Wl,-n -Wl,--no-warn-rwx-segments)
    target_link_libraries(${target} PRIVATE gcc)

    # The symbol table: text symbols, sorted by address.
    add_custom_command(
        OUTPUT ${dir}/kernel.sym
        COMMAND ${CMAKE_NM} -n --defined-only $<TARGET_FILE:${target}> > ${dir}/kernel.sym
        DEPENDS ${target}
        COMMENT "Symbol table for ${variant}")

    add_custom_command(
        OUTPUT ${dir}/ringlab.iso
        COMMAND ${RINGLAB_TOOL} iso build
                --variant ${variant} --dir ${dir}
                --kernel $<TARGET_FILE:${target}> --symbols ${dir}/kernel.sym
                "--initrd=${RINGLAB_INITRD_${level}}"
        DEPENDS ${target} ${dir}/kernel.sym ${RINGLAB_ROOT}/grub/grub.cfg.in
                ${RINGLAB_ROOT}/scripts/ringlab/iso.py ${RINGLAB_INITRD_${level}}
        COMMENT "ISO for ${variant}")
    add_custom_target(iso-${variant} DEPENDS ${dir}/ringlab.iso)
endfunction()
