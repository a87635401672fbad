/* msg.c - month names (see msg.h). */
#include "msg.h"

const char *msg_month_name(int month)
{
    static const char *const names[] = {
        MSG_MONTH_1, MSG_MONTH_2, MSG_MONTH_3, MSG_MONTH_4,
        MSG_MONTH_5, MSG_MONTH_6, MSG_MONTH_7, MSG_MONTH_8,
        MSG_MONTH_9, MSG_MONTH_10, MSG_MONTH_11, MSG_MONTH_12};
    if (month < 1 || month > 12) return "?";
    return names[month - 1];
}
