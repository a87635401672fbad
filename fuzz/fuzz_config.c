/* fuzz_config.c - libFuzzer harness over the configuration INI (inih and
 * plan.c's checks): the input is written as tablero.ini beside copies of
 * the bundled plan lists, and plan_load must either load a plan whose
 * references are all in range or refuse it with TB_EX_CONFIG and a
 * message in UTF-8 naming the file; never crash, leak or hang. Run from
 * the repository root (`make fuzz-config`). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"
#include "plan.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[64], ini[128];

static void setup(void)
{
    snprintf(dir, sizeof dir, "/tmp/tablero-fuzz-config-XXXXXX");
    TB_ASSERT(mkdtemp(dir) != NULL);
    char cmd[256];
    snprintf(cmd, sizeof cmd, "cp config/*.csv '%s'/", dir);
    TB_ASSERT(system(cmd) == 0);
    snprintf(ini, sizeof ini, "%s/tablero.ini", dir);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!dir[0]) setup();
    FILE *f = fopen(ini, "wb");
    TB_ASSERT(f != NULL);
    TB_ASSERT(fwrite(data, 1, size, f) == size);
    TB_ASSERT(fclose(f) == 0);
    plan p;
    tb_error err;
    tb_error_clear(&err);
    int rc = plan_load(&p, ini, &err);
    TB_ASSERT(rc == 0 || rc == TB_EX_CONFIG || rc == TB_EX_OSERR);
    if (rc == 0) {
        for (size_t i = 0; i < p.nindicators; i++) {
            const plan_indicator *ind = &p.indicators[i];
            TB_ASSERT(ind->axis == PLAN_NONE || ind->axis < p.naxes);
            TB_ASSERT(ind->secretariat == PLAN_NONE || ind->secretariat < p.nsecretariats);
            TB_ASSERT(text_utf8_valid(ind->name, strlen(ind->name)));
        }
        TB_ASSERT(p.rules.value_min < p.rules.value_max);
        TB_ASSERT(p.default_target >= p.rules.value_min && p.default_target <= p.rules.value_max);
        TB_ASSERT(text_utf8_valid(p.city, strlen(p.city)));
    } else {
        TB_ASSERT(err.msg[0] && text_utf8_valid(err.msg, strlen(err.msg)));
    }
    plan_fini(&p);
    return 0;
}
