"""One module per job. Import workers.broker before any actor module."""
