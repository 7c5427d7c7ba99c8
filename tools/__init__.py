"""Developer tools that are part of the repository (`make corpus`)."""
