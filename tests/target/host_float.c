/* host_float.c - host reference for fw_float.c. */
#include <stddef.h>

void float_print_all(void (*between)(void));

int main(void) {
    float_print_all(NULL);
    return 0;
}
