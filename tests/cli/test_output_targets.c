/* test_output_targets.c — where results may be written: a regular file is
 * replaced atomically (temporary file + rename), but a target that is not a
 * regular file (a device such as /dev/null, reached here through a symlink so
 * that a regression cannot harm the real one) is written in place and stays
 * what it was. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "support/cli_run.h"

#define FCN8 MOC_SOURCE_DIR "/benchmarks/graphs/fcn8_train.json"

static void solve_to(const char *target) {
  const char *args[] = {"solve", FCN8, "--budget", "0.9", "--time-limit", "2", "--quiet",
                        "-o", target, NULL};
  cli_run_result r = cli_run_program(MOC_CLI_PATH, args);
  cr_assert_eq(r.status, 0, "solve -o %s: status %d", target, r.status);
  cli_run_free(&r);
}

Test(output_targets, device_behind_a_symlink_stays_a_device, .timeout = 60) {
  char dir[] = "/tmp/moc_targets_XXXXXX";
  cr_assert_not_null(mkdtemp(dir));
  char link[128];
  snprintf(link, sizeof link, "%s/null", dir);
  cr_assert_eq(symlink("/dev/null", link), 0);
  solve_to(link);
  struct stat st;
  cr_assert_eq(lstat(link, &st), 0);
  cr_assert(S_ISLNK(st.st_mode), "the symlink was replaced by a file");
  cr_assert_eq(stat(link, &st), 0);
  cr_assert(S_ISCHR(st.st_mode), "the device was replaced by a file");
  unlink(link);
  rmdir(dir);
}

Test(output_targets, regular_file_gets_the_result, .timeout = 60) {
  char *path = cli_run_temp_file("old content");
  solve_to(path);
  char *text = cli_run_read_file(path);
  cr_assert(text && strstr(text, "\"schedule\"") != NULL);
  free(text);
  cli_run_remove(path);
}
