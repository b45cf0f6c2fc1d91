"""The worker process: RQ job functions, failure handling and the worker class."""
