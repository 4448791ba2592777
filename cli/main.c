/* main.c — the moccasin executable: everything is in cli_main (dispatch.c),
 * so that tests and the fuzzer can drive the front end in-process. */
#include "cli/cli.h"

int main(int argc, char **argv) { return cli_main(argc, argv); }
