echo lab4: the shell runs a script
/bin/echo lab4: /bin/echo with three arguments
/bin/minimal
/bin/enosys lab4-arg
/bin/hello-pie
/bin/spin s 200000
echo lab4: done
