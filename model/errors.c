/* errors.c — static English names of the library's codes, for messages. */
#include "model/moccasin.h"

const char *moc_error_name(moc_error err) {
  switch (err) {
    case MOC_OK: return "ok";
    case MOC_ERR_NOMEM: return "out of memory";
    case MOC_ERR_ARGUMENT: return "invalid argument";
    case MOC_ERR_STATE: return "call not allowed in this state";
    case MOC_ERR_DUPLICATE_ID: return "duplicate id";
    case MOC_ERR_UNKNOWN_ID: return "unknown id";
    case MOC_ERR_NEGATIVE: return "negative cost or size";
    case MOC_ERR_OVERFLOW: return "64-bit overflow";
    case MOC_ERR_CYCLE: return "cycle";
    case MOC_ERR_BAD_ORDER: return "not a topological order";
    case MOC_ERR_BAD_FRACTION: return "bad budget fraction";
    case MOC_ERR_BAD_COPIES: return "bad number of copies";
    case MOC_ERR_INTERNAL: return "internal error";
  }
  return "unknown error";
}

const char *moc_status_name(moc_status st) {
  switch (st) {
    case MOC_STATUS_UNKNOWN: return "unknown";
    case MOC_STATUS_FEASIBLE: return "feasible";
    case MOC_STATUS_OPTIMAL: return "optimal";
    case MOC_STATUS_INFEASIBLE: return "infeasible";
  }
  return "unknown";
}

const char *moc_order_source_name(moc_order_source src) {
  switch (src) {
    case MOC_ORDER_GIVEN: return "given";
    case MOC_ORDER_ASCENDING_ID: return "ascending-id";
    case MOC_ORDER_KAHN: return "kahn";
  }
  return "unknown";
}
