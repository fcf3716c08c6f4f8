# 1 "a.c"
# 1 "<built-in>"
#define __STDC__ 1
# 1 "a.c"
# 1 "s.h" 1
struct s {
  int n;

};
# 3 "a.c" 2
int f(void)
{ return 0; }
