/* user_fault.h — what happens to a process that faults in ring 3. */
#ifndef RINGLAB_USER_FAULT_H
#define RINGLAB_USER_FAULT_H

void user_fault_init(void);

#endif
