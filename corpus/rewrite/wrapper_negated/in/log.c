int log_result(int rc);

int log_result(int rc)
{
	return rc;
}
