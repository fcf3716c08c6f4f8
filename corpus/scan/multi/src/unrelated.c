/* Mentions neither a lock nor a holding type: never parsed. */
int add(int a, int b)
{
	return a + b;
}
