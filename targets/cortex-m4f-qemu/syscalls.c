/* syscalls.c - the newlib(-nano) system call stubs: stdout/stderr go to the semihosting
 * console, the heap lives between .bss and the stack, everything else fails politely. */
#include "mao_target.h"

#include <errno.h>
#include <stdint.h>
#include <sys/stat.h>

extern char __heap_start[], __heap_end[];

int _write(int fd, const char *bytes, int count);
int _read(int fd, char *bytes, int count);
int _close(int fd);
int _fstat(int fd, struct stat *status);
int _isatty(int fd);
int _lseek(int fd, int offset, int whence);
int _getpid(void);
int _kill(int pid, int signal);
void _exit(int status);
void *_sbrk(ptrdiff_t increment);
void _init(void);
void _fini(void);

int _write(int fd, const char *bytes, int count) {
    if (fd != 1 && fd != 2) {
        errno = EBADF;
        return -1;
    }
    mao_target_write(bytes, (size_t)count);
    return count;
}

int _read(int fd, char *bytes, int count) {
    (void)fd;
    (void)bytes;
    (void)count;
    return 0;
}

int _close(int fd) {
    (void)fd;
    errno = EBADF;
    return -1;
}

int _fstat(int fd, struct stat *status) {
    (void)fd;
    status->st_mode = S_IFCHR;
    return 0;
}

int _isatty(int fd) {
    return fd >= 0 && fd <= 2;
}

int _lseek(int fd, int offset, int whence) {
    (void)fd;
    (void)offset;
    (void)whence;
    return 0;
}

int _getpid(void) {
    return 1;
}

int _kill(int pid, int signal) {
    (void)pid;
    (void)signal;
    errno = EINVAL;
    return -1;
}

void _exit(int status) {
    mao_target_exit(status);
}

void *_sbrk(ptrdiff_t increment) {
    static char *heap_break = __heap_start;
    if (increment > __heap_end - heap_break || increment < __heap_start - heap_break) {
        errno = ENOMEM;
        return (void *)-1;
    }
    char *previous = heap_break;
    heap_break += increment;
    return previous;
}

/* -nostartfiles drops crti/crtn; exit() still calls these through __libc_fini_array. */
__attribute__((weak)) void _init(void) {}
__attribute__((weak)) void _fini(void) {}
