# benchmark (run by hand, never by make check)
