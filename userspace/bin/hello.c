/* hello.c — /bin/hello: the first C program. Prints its arguments and
 * environment, so a reader can check the initial stack exec built; with
 * exactly one argument, then "proof: <digest>" of "hello <argument>" in
 * the grader's boots (<ringlab/proof.h>). */
#include <ringlab/proof.h>
#include <stdio.h>
#include <unistd.h>

int
main(int argc, char **argv, char **envp)
{
    printf("hello from pid %d: argc=%d\n", getpid(), argc);
    for (int i = 0; i < argc; i++)
        printf("  argv[%d] = \"%s\"\n", i, argv[i]);
    for (int i = 0; envp[i]; i++)
        printf("  envp[%d] = \"%s\"\n", i, envp[i]);
    if (argc == 2)
        proof_print("hello", argv[1]);
    return 0;
}
