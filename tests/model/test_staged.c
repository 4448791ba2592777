/* test_staged.c — the incremental staged state agrees with the independent
 * evaluator after every add and remove on many random small graphs, and the
 * conversions between schedules and recomputation sets round-trip; the
 * journal undo and the trial rollback restore the state exactly; the copy a
 * reader reads is found right with many copies. */
#include <criterion/criterion.h>
#include <stdlib.h>

#include "model/staged.h"
#include "support/graph_build.h"

TestSuite(staged, .timeout = 120);

static void check_state(const moc_graph *g, moc_staged *st) {
  uint32_t *s = NULL;
  size_t len = 0;
  cr_assert_eq(moc_staged_schedule(st, &s, &len), 0);
  cr_assert_eq(len, moc_staged_length(st));
  moc_eval *ev = NULL;
  cr_assert_eq(moc_evaluate(g, s, len, &ev), MOC_OK);
  cr_assert(ev->valid);
  cr_assert_eq(ev->peak, moc_staged_peak(st));
  cr_assert_eq(ev->cost, moc_staged_cost(st));
  /* per-step memory, stage by stage */
  int64_t *mem = malloc((g->n + 1) * sizeof *mem);
  size_t j = 0;
  for (uint32_t t = 0; t < g->n; t++) {
    uint32_t steps = moc_staged_stage_profile(st, t, mem);
    for (uint32_t i = 0; i < steps; i++, j++) cr_assert_eq(mem[i], ev->memory[j], "stage %u", t);
  }
  cr_assert_eq(j, len);
  free(mem);
  moc_eval_free(ev);
  free(s);
}

Test(staged, worked_example) {
  moc_graph *g = gbuild_worked_example();
  moc_staged *st = moc_staged_create(g, 2);
  cr_assert_eq(moc_staged_peak(st), 5);
  cr_assert_eq(moc_staged_add(st, 0, 3), 0);
  cr_assert_eq(moc_staged_peak(st), 4);
  cr_assert_eq(moc_staged_cost(st), 5);
  cr_assert_eq(moc_staged_add(st, 0, 2), 1, "C = 2 allows one recomputation");
  cr_assert_eq(moc_staged_add(st, 1, 1), 1, "not before the node's own stage");
  check_state(g, st);
  cr_assert_eq(moc_staged_remove(st, 0, 3), 0);
  cr_assert_eq(moc_staged_remove(st, 0, 3), 1);
  cr_assert_eq(moc_staged_peak(st), 5);
  moc_staged_free(st);
  moc_graph_free(g);
}

Test(staged, random_moves_agree_with_evaluator) {
  gbuild_rng r = {12345};
  for (int round = 0; round < 150; round++) {
    uint32_t n = 2 + gbuild_below(&r, 11);
    moc_graph *g = gbuild_random_dag(&r, n, 20 + gbuild_below(&r, 50));
    int copies = 1 + (int)gbuild_below(&r, 3);
    moc_staged *st = moc_staged_create(g, copies);
    cr_assert_not_null(st);
    check_state(g, st);
    for (int move = 0; move < 30; move++) {
      uint32_t v = gbuild_below(&r, n), t = gbuild_below(&r, n);
      int rc = gbuild_below(&r, 3) ? moc_staged_add(st, v, t) : moc_staged_remove(st, v, t);
      cr_assert(rc == 0 || rc == 1);
      check_state(g, st);
    }
    moc_staged_free(st);
    moc_graph_free(g);
  }
}

Test(staged, conversions_round_trip) {
  gbuild_rng r = {777};
  for (int round = 0; round < 100; round++) {
    uint32_t n = 2 + gbuild_below(&r, 10);
    moc_graph *g = gbuild_random_dag(&r, n, 40);
    moc_staged *st = moc_staged_create(g, 3);
    for (int k = 0; k < 12; k++) moc_staged_add(st, gbuild_below(&r, n), gbuild_below(&r, n));
    size_t count = moc_staged_count(st);
    moc_remat *list = malloc((count + 1) * sizeof *list);
    moc_staged_list(st, list);
    uint32_t *s1 = NULL, *s2 = NULL;
    size_t l1 = 0, l2 = 0;
    cr_assert_eq(moc_staged_schedule(st, &s1, &l1), 0);
    cr_assert_eq(moc_staged_to_schedule(g, list, count, &s2, &l2), 0);
    cr_assert_eq(l1, l2);
    for (size_t j = 0; j < l1; j++) cr_assert_eq(s1[j], s2[j]);
    moc_remat *back = NULL;
    size_t back_count = 0;
    cr_assert_eq(moc_staged_from_schedule(g, s1, l1, &back, &back_count), 0);
    cr_assert_eq(back_count, count);
    for (size_t i = 0; i < count; i++) {
      cr_assert_eq(back[i].node, list[i].node);
      cr_assert_eq(back[i].stage, list[i].stage);
    }
    cr_assert_eq(moc_staged_load(st, back, back_count), 0);
    cr_assert_eq(moc_staged_count(st), count);
    free(list);
    free(back);
    free(s1);
    free(s2);
    moc_staged_free(st);
    moc_graph_free(g);
  }
}

Test(staged, from_schedule_rejects_other_orders) {
  moc_graph *g = gbuild_worked_example();
  uint32_t swapped[] = {1, 0, 2, 3};
  moc_remat *out = NULL;
  size_t count = 0;
  cr_assert_eq(moc_staged_from_schedule(g, swapped, 4, &out, &count), 1);
  uint32_t missing[] = {0, 1, 2};
  cr_assert_eq(moc_staged_from_schedule(g, missing, 3, &out, &count), 1);
  cr_assert_null(out);
  moc_graph_free(g);
}

/* What a rollback must restore: the recomputations, peak and cost. */
typedef struct snapshot {
  moc_remat *remats;
  size_t count;
  int64_t peak, cost;
} snapshot;

static snapshot take_snapshot(const moc_staged *st) {
  snapshot s = {NULL, moc_staged_count(st), moc_staged_peak(st), moc_staged_cost(st)};
  s.remats = malloc((s.count + 1) * sizeof *s.remats);
  cr_assert_not_null(s.remats);
  moc_staged_list(st, s.remats);
  return s;
}

/* Asserts that st is back at s, and frees s. */
static void expect_snapshot(const moc_staged *st, snapshot s) {
  cr_assert_eq(moc_staged_count(st), s.count);
  cr_assert_eq(moc_staged_peak(st), s.peak);
  cr_assert_eq(moc_staged_cost(st), s.cost);
  snapshot now = take_snapshot(st);
  for (size_t i = 0; i < s.count; i++) {
    cr_assert_eq(now.remats[i].node, s.remats[i].node);
    cr_assert_eq(now.remats[i].stage, s.remats[i].stage);
  }
  free(now.remats);
  free(s.remats);
}

Test(staged, journal_undo_restores_the_state) {
  gbuild_rng r = {5150};
  for (int round = 0; round < 40; round++) {
    uint32_t n = 3 + gbuild_below(&r, 12);
    moc_graph *g = gbuild_random_dag(&r, n, 30);
    moc_staged *st = moc_staged_create(g, 3);
    for (int k = 0; k < 5; k++) moc_staged_add(st, gbuild_below(&r, n), gbuild_below(&r, n));
    cr_assert_eq(moc_staged_journal(st, 1, 4), 0);
    size_t mark = moc_staged_mark(st);
    snapshot before = take_snapshot(st);
    for (int k = 0; k < 20; k++) {
      uint32_t v = gbuild_below(&r, n), t = gbuild_below(&r, n);
      if (gbuild_below(&r, 2))
        moc_staged_add(st, v, t);
      else
        moc_staged_remove(st, v, t);
    }
    moc_staged_undo(st, mark);
    expect_snapshot(st, before);
    check_state(g, st);
    moc_staged_free(st);
    moc_graph_free(g);
  }
}

/* A trial (staged_trial.c) of random adds and removes, with the journal on
 * or off, rolls back to exactly the state before it: same recomputations,
 * peak, cost and journal length, the profile of every step as the evaluator
 * scores it, and further moves after the rollback agree with the evaluator
 * too (the segment tree and last readers were restored, not just the lists). */
Test(staged, trial_rollback_restores_the_state) {
  gbuild_rng r = {8086};
  for (int round = 0; round < 120; round++) {
    uint32_t n = 3 + gbuild_below(&r, 14);
    moc_graph *g = gbuild_random_dag(&r, n, 20 + gbuild_below(&r, 40));
    moc_staged *st = moc_staged_create(g, 2 + (int)gbuild_below(&r, 3));
    for (int k = 0; k < 6; k++) moc_staged_add(st, gbuild_below(&r, n), gbuild_below(&r, n));
    int journal = (int)gbuild_below(&r, 2);
    cr_assert_eq(moc_staged_journal(st, journal, 2), 0);
    size_t mark = moc_staged_mark(st);
    snapshot before = take_snapshot(st);
    moc_staged_try(st);
    for (int k = 0, moves = 1 + (int)gbuild_below(&r, 12); k < moves; k++) {
      uint32_t v = gbuild_below(&r, n), t = gbuild_below(&r, n);
      int rc = gbuild_below(&r, 3) ? moc_staged_add(st, v, t) : moc_staged_remove(st, v, t);
      cr_assert(rc == 0 || rc == 1);
    }
    cr_assert_eq(moc_staged_rollback(st), 0);
    cr_assert_eq(moc_staged_mark(st), mark);
    expect_snapshot(st, before);
    check_state(g, st);
    for (int k = 0; k < 8; k++) {
      uint32_t v = gbuild_below(&r, n), t = gbuild_below(&r, n);
      int rc = gbuild_below(&r, 3) ? moc_staged_add(st, v, t) : moc_staged_remove(st, v, t);
      cr_assert(rc == 0 || rc == 1);
      check_state(g, st);
    }
    moc_staged_free(st);
    moc_graph_free(g);
  }
}

/* The copy a reader in stage t reads: the last copy started at or before t
 * (copy 0 when none is), by a plain scan, against moc_staged_copy_at with
 * many copies per node (its search by halves); the state stays exact too. */
Test(staged, copy_at_agrees_with_a_scan) {
  gbuild_rng r = {4242};
  for (int round = 0; round < 60; round++) {
    uint32_t n = 4 + gbuild_below(&r, 16);
    moc_graph *g = gbuild_random_dag(&r, n, 20 + gbuild_below(&r, 40));
    int copies = 2 + (int)gbuild_below(&r, 10);
    moc_staged *st = moc_staged_create(g, copies);
    for (int k = 0; k < 6 * copies; k++) moc_staged_add(st, gbuild_below(&r, n), gbuild_below(&r, n));
    check_state(g, st);
    for (uint32_t v = 0; v < n; v++)
      for (uint32_t t = 0; t < n; t++) {
        const uint32_t *cs = st->cs + (size_t)v * st->copies;
        uint32_t want = 0;
        for (uint32_t i = 0; i < st->nc[v]; i++)
          if (cs[i] <= t) want = i;
        cr_assert_eq(moc_staged_copy_at(st, v, t), want, "node %u, stage %u", v, t);
      }
    moc_staged_free(st);
    moc_graph_free(g);
  }
}
