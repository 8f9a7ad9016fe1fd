# carrier-ticket export and saved sessions
