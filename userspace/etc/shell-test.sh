# shell-test.sh — /bin/sh's pipes, redirections, lists, background and
# statuses, on the full kernel (tests/shell.toml checks what it prints).
echo shell-test: start

# pipes: the data goes through every stage, and each reader sees the end
echo -n "pipe-3: "; echo one two three | cat | wc
echo -n "pipe-8: "; echo a b | cat | cat | cat | cat | cat | cat | wc -w
ls /bin | cat > /tmp/bin-list; wc -l < /tmp/bin-list > /tmp/n; ls /bin | wc -l | cat > /tmp/m
echo -n "pipe-ls: "; cat /tmp/n /tmp/m

# redirections into /tmp and back
echo first line > /tmp/f; echo second line >> /tmp/f
echo -n "append: "; wc < /tmp/f
echo again > /tmp/f
echo -n "truncate: "; wc -l < /tmp/f
cat < /tmp/f > /tmp/g
echo -n "in-out: "; cat /tmp/g
> /tmp/empty
echo -n "create-empty: "; wc -c < /tmp/empty
cat /no/such 2> /tmp/err
echo -n "stderr-to-file: "; wc -l < /tmp/err
cat /no/such > /tmp/both 2>&1
echo -n "2>&1: "; cat /tmp/both
echo "quoted | and ; stay words" > "/tmp/q"
echo -n "quoted-redirect: "; cat /tmp/q
cd /tmp && echo relative > rel && echo -n "cd-relative: " && cat /tmp/rel
cd /

# the environment: init's (from the kernel), passed on by the shell
echo -n "env: "; env | wc -l; env

# lists and statuses
true && echo ok and-after-success
false && echo FAIL and-after-failure
false || echo ok or-after-failure
true || echo FAIL or-after-success
false && echo FAIL skipped || echo ok and-or-chain
true; echo "status-true: $?"
false; echo "status-false: $?"
sh -c 'exit 42'; echo "status-exit: $?"
true | false; echo "status-pipe-last-fails: $?"
false | true; echo "status-pipe-last-succeeds: $?"
no-such-program; echo "status-not-found: $?"
sh -c 'echo a |'; echo "status-syntax: $?"
sh -c 'fault null'; echo "status-killed: $?"
cat /no/such | wc -c > /tmp/w; echo "status-pipe-after-error: $?"
echo "quotes: 'single' in double" 'and "double" in single' "$?" '$?' a"b c"d

# background and wait
spin bg 300000 > /tmp/bg-out & echo "background-pid: $!"
wait $!; echo "wait-pid: $?"
echo -n "background-output: "; cat /tmp/bg-out
sh -c 'exit 5' & wait $!; echo "wait-status: $?"
spin b1 100000 & spin b2 100000 & wait; echo "wait-all: $?"

# /tmp's files hold frames: give them back (memstat checks)
rm /tmp/bin-list /tmp/n /tmp/m /tmp/f /tmp/g /tmp/empty /tmp/err /tmp/both /tmp/q /tmp/rel /tmp/w /tmp/bg-out && echo ok rm-tmp-files
rm /tmp/f || echo "ok rm-again-fails: $?"
echo shell-test: done
