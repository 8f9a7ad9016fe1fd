# export and session tests
