# busybox-test.sh — Debian's busybox as the full kernel's shell
# (tests/busybox.toml): pipes, redirection into /tmp, loops, subshells and
# exit statuses, the environment passed on through exec, with the applets
# found in /bin by name.
echo "bb: start"
echo "bb: applets in /bin: $(ls /bin | wc -l)"
echo ringlab | tr a-z A-Z
printf 'alpha\nbeta\ngamma\n' > /tmp/z
grep -c ^[ab] /tmp/z
cat /tmp/z | grep beta > /tmp/y && cat /tmp/y
echo more >> /tmp/y; wc -l < /tmp/y
for i in 1 2 3; do printf "loop %s\n" $i; done
(echo "bb: in a subshell"; exit 3); echo "bb: subshell status $?"
false || echo "bb: false, then ||"
true && echo "bb: true, then &&"
sh -c 'exit 5'; echo "bb: exit status $?"
ls /nonexistent 2>/dev/null; echo "bb: ls of nothing: $?"
x=$(echo a b c | wc -w); echo "bb: words $x"
echo "bb: from the kernel: HOME=$HOME TERM=$TERM"
export GREETING=hello; sh -c 'echo "bb: a child sees GREETING=$GREETING"'
env -i ONLY=1 env | sed 's/^/bb: env -i: /'
rm /tmp/z /tmp/y && ls /tmp | wc -l
echo "bb: done"
