DROP TABLE job_queue;
