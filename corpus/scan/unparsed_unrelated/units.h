#define KB * 1024
