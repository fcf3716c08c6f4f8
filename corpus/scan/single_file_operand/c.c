/* Named alone, a file brings the headers it includes: the copy is found. */
#include "s.h"
void cp(struct s *a, struct s *b) { *a = *b; }
