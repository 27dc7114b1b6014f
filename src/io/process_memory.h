/* process_memory.h — this process's resident memory, split the way an operator needs it: its
 * own (anonymous) memory, which a cache budget bounds, apart from file pages mapped from the
 * database, which the kernel may drop at will. Read from /proc/self/status (Linux). */
#ifndef CR_PROCESS_MEMORY_H
#define CR_PROCESS_MEMORY_H

struct cr_process_memory {
	long long rss, anon, file, shmem, virt; /* bytes; -1 when the kernel does not say */
};

/* 0, or -1 when /proc/self/status cannot be read (all fields are then -1). */
int cr_process_memory(struct cr_process_memory *m);

#endif
