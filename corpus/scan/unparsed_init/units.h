/* A unit macro spatch cannot parse in an expression. */
#define KB *(1 << 10)
