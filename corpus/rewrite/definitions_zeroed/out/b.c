/* b.c: another program, its own lock-free struct of the same tag, one static object */
static struct worker {
    unsigned long mib;
} w;

int main(void) { return (int)w.mib; }
