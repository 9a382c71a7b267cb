"""``voxprivacy-admin``: the command line for IT staff and scripts.

Every command is a thin wrapper around a service: the command line parses
arguments, signs the staff member in (and checks the second factor before
writes), calls the service and prints the result. Exit status: 0 done, 1 a
check found a problem, 2 bad usage or input, 3 refused.
"""
