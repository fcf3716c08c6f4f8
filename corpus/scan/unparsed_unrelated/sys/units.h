/* A unit macro, in a header lockptr does not scan (its own macros would
 * rescue the parse: rescue.h). */
#define KB * 1024
