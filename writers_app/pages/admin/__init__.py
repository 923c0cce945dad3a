"""The admin pages: users, tasks, jobs, system and audit, each with its own small state."""
