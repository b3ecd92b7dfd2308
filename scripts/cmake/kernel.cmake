# kernel.cmake — ringlab_kernel(): one kernel variant = one stage + bug flags.
#
# A variant is built into build/variants/<name>/: kernel.elf, kernel.sym
# (the symbol table GRUB loads as a module) and ringlab.iso. Targets:
#   kernel-<name>   the ELF        iso-<name>   the bootable ISO
#   kobj-<stage>    a stage's objects, shared by its variants
#   kown-<name>     a variant's own objects (those its bug flags change)

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

# ringlab_stage_sources(<level> <out var>): the kernel files of a stage.
# The full kernel is level 6: every lab's code, and what no lab teaches
# (KERNEL_SOURCES_FULL and the guards of level 6).
function(ringlab_stage_sources level out)
    set(sources ${KERNEL_SOURCES_0})
    foreach(n RANGE 1 ${level})
        if(n LESS_EQUAL 5)
            list(APPEND sources ${KERNEL_SOURCES_${n}})
        endif()
    endforeach()
    if(level EQUAL 6)
        list(APPEND sources ${KERNEL_SOURCES_FULL})
    endif()
    set(${out} ${sources} PARENT_SCOPE)
endfunction()

# The flags, include paths and definitions of one kernel target's files.
function(ringlab_kernel_flags target level stage bugs)
    add_dependencies(${target} asm_offsets)
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
endfunction()

# An object library of kernel files (paths relative to kernel/), compiled
# for a stage with these bugs.
function(ringlab_kernel_objects name files level stage bugs)
    list(TRANSFORM files PREPEND ${RINGLAB_ROOT}/kernel/)
    add_library(${name} OBJECT EXCLUDE_FROM_ALL ${files})
    ringlab_kernel_flags(${name} ${level} ${stage} "${bugs}")
endfunction()

# ringlab_kernel(<variant> <stage: 1..5|full> <bug names> <own files>)
# (lists ;-separated). A stage's files are compiled once, as its fixed
# variant has them (the object library kobj-<stage>); a variant with bugs
# compiles again only its own files, those its flags or its banner reach
# (scripts/ringlab/variant_sources.py), and takes the rest from there.
function(ringlab_kernel variant stage bugs own)
    if(stage STREQUAL "full")
        set(level 6)
    else()
        set(level ${stage})
    endif()
    ringlab_stage_sources(${level} sources)
    if(NOT TARGET kobj-${stage})
        ringlab_kernel_objects(kobj-${stage} "${sources}" ${level} ${stage} "")
    endif()
    # own files outside the stage (a later lab's) are not in it
    set(mine "")
    foreach(file IN LISTS own)
        if(file IN_LIST sources)
            list(APPEND mine ${file})
        endif()
    endforeach()
    if(mine)
        ringlab_kernel_objects(kown-${variant} "${mine}" ${level} ${stage} "${bugs}")
    endif()
    # every object in the stage's order (the link order is the fixed
    # variant's): each from kown-<variant> if it is one of the variant's
    # own files, else from kobj-<stage>
    set(objects "")
    foreach(file IN LISTS sources)
        if(file IN_LIST mine)
            set(lib kown-${variant})
        else()
            set(lib kobj-${stage})
        endif()
        string(REPLACE "." "[.]" name "${file}")
        list(APPEND objects "$<FILTER:$<TARGET_OBJECTS:${lib}>,INCLUDE,/kernel/${name}[.]o$>")
    endforeach()

    set(dir ${CMAKE_BINARY_DIR}/variants/${variant})
    set(target kernel-${variant})
    add_executable(${target} EXCLUDE_FROM_ALL ${objects})
    if(mine)
        # links a mix: only if the own files are still those (CMakeLists.txt)
        add_dependencies(${target} own-files-check)
    endif()
    ringlab_kernel_flags(${target} ${level} ${stage} "${bugs}")
    set_target_properties(${target} PROPERTIES
        OUTPUT_NAME kernel.elf RUNTIME_OUTPUT_DIRECTORY ${dir}
        LINKER_LANGUAGE C LINK_DEPENDS ${KERNEL_LINKER_SCRIPT})
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
                "--initrd=${RINGLAB_INITRD_${level}}" --grub ${CMAKE_BINARY_DIR}/grub-image
        DEPENDS ${target} ${dir}/kernel.sym ${RINGLAB_ROOT}/grub/grub.cfg.in
                ${RINGLAB_ROOT}/scripts/ringlab/iso.py ${RINGLAB_ROOT}/scripts/ringlab/grub_image.py
                ${RINGLAB_INITRD_${level}}
        COMMENT "ISO for ${variant}")
    add_custom_target(iso-${variant} DEPENDS ${dir}/ringlab.iso)
endfunction()
