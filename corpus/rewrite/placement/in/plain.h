struct plain {
	pthread_mutex_t m;
};
