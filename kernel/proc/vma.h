/* vma.h — a process's memory areas: what mmap made (full kernel).
 *
 * An area is a page-aligned range [start, end) with one protection, made
 * by mmap: anonymous (zeroed) memory, or a private copy of an initrd
 * file's bytes. A process keeps its areas in one sorted array, made at its
 * first mmap (and shared, as its address space is, by clone(CLONE_VM)):
 *
 *   0x10000 (MMAP_MIN_ADDR)                                   MMAP_TOP
 *   | program | heap (brk) ->     ...      <- areas, top-down | gap | stack |
 *
 * The program's segments, its heap and its stack are not areas: exec and
 * brk map them, page by page. munmap and mprotect work on those pages too
 * (glibc's startup makes its RELRO segment read-only), but the address
 * chooser and MAP_FIXED never put an area over the heap: brk and the areas
 * never overlap.
 *
 * Demand paging: mmap maps nothing. The first access to a page of an area
 * faults; vma_fault() gives the page a frame (zeroed, or the file's bytes)
 * with the area's protection and the access is retried. So a PROT_NONE
 * reservation costs no frame, and neither does memory a program asks for
 * but never touches. A page made PROT_NONE after it had a frame keeps it:
 * the entry stays present, without U (supervisor only), so ring 3 faults
 * on it and its bytes come back with the next mprotect.
 *
 * Page protection from prot (W^X: writable and executable only if asked
 * for both):
 *
 *   PROT_NONE                 P                 (no U: ring 3 cannot touch it)
 *   PROT_READ                 P U NX
 *   PROT_READ|PROT_WRITE      P U W NX          (x86: write implies read)
 *   PROT_READ|PROT_EXEC       P U
 *   PROT_WRITE|PROT_EXEC      P U W             (only when asked)
 */
#ifndef RINGLAB_VMA_H
#define RINGLAB_VMA_H

#include <stdint.h>
#include "arch/x86_64/memlayout.h"
#include "arch/x86_64/trap_frame.h"

#define VMA_MAX        128                  /* areas per process (-ENOMEM past it) */
#define MMAP_MIN_ADDR  0x10000UL            /* Linux's mmap_min_addr: page 0 stays unmapped */
#define MMAP_STACK_GAP (1UL << 20)          /* kept free below the stack, as brk does */
/* MMAP_TOP: USER_STACK_TOP - USER_STACK_SIZE - MMAP_STACK_GAP (vma.c) */

struct vma {
    uint64_t start, end;        /* [start, end), page-aligned */
    uint32_t prot;              /* PROT_* (ringlab/abi.h) */
    uint32_t flags;             /* MAP_* as mmap was asked: MAP_SHARED, MAP_ANONYMOUS ... */
    const uint8_t *data;        /* a file's bytes, in the initrd; NULL: anonymous */
    uint64_t size;              /* the file's size */
    uint64_t offset;            /* the file offset that `start` maps */
};

struct vma_list {
    int refs;                   /* processes sharing it (clone's CLONE_VM), as their vas */
    int n;                      /* area[0..n), sorted, never overlapping */
    struct vma area[VMA_MAX];
};

struct process;

/* The area holding va, or NULL. */
const struct vma *vma_find(const struct process *p, uint64_t va);

/* True if [start, end) overlaps an area. */
int vma_overlaps(const struct process *p, uint64_t start, uint64_t end);

/* True if nothing is in [start, end): no area, no heap, no mapped page. */
int vma_range_free(const struct process *p, uint64_t start, uint64_t end);

/* A free range of len bytes: at hint if it is free there, else the highest
 * one below MMAP_TOP. 0 if there is none. */
uint64_t vma_unmapped_area(const struct process *p, uint64_t hint, uint64_t len);

/* Adds an area over a free range (vma_range_free or vma_remove first):
 * 0, or -ENOMEM (no memory for the list, or VMA_MAX areas already). */
int vma_insert(struct process *p, const struct vma *a);

/* How many more areas the list can take (VMA_MAX for no list yet). */
int vma_room(const struct process *p);

/* munmap: removes [start, end) from the areas (splitting one that only
 * partly overlaps) and unmaps every page there, area or not (frames
 * freed). 0, or -ENOMEM if a split finds the list full. */
int vma_remove(struct process *p, uint64_t start, uint64_t end);

/* mprotect: gives every page of [start, end) the protection prot, in the
 * areas and in their mapped pages. 0, -ENOMEM (a page there is neither in
 * an area nor mapped, or the list is full), -EACCES (PROT_WRITE on a
 * shared file mapping). Nothing is changed unless it returns 0. */
int vma_protect(struct process *p, uint64_t start, uint64_t end, uint32_t prot);

/* The page-fault hook (trap.c): maps the page of CR2 if it lies in an area
 * that allows the access and has no frame yet. 1: mapped, retry the
 * access; 0: not ours (the fixup or the kill goes on as before). */
int vma_fault(struct trap_frame *tf);

/* fork: the child gets a copy of the parent's list, and of the pages
 * vas_copy_user skips (PROT_NONE pages with a frame). 0 or -ENOMEM. */
int vma_fork(struct process *child, const struct process *parent);

/* clone(CLONE_VM): the child shares the parent's list (made now if the
 * parent has none yet, so that an mmap in either lands in the one list).
 * 0 or -ENOMEM. */
int vma_share(struct process *child, struct process *parent);

/* brk: the processes sharing p's address space share its heap too; they
 * get p's break. */
void vma_brk_moved(const struct process *p);

/* exec and exit: forgets every area (the address space goes with them);
 * a shared list is freed by the last process to let go of it. */
void vma_clear(struct process *p);

#endif
