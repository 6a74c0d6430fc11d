/*
 * policy: the order is off -> level -> suppression -> baseline, so a
 * suppression only counts as used for findings that would be reported,
 * and a baseline never hides a finding a suppression already explains.
 */
#include "policy.h"

#include <stdlib.h>
#include <string.h>

#include "ruleset.h"
#include "xalloc.h"

/* Which kept diag a suppression hid: by index into the last list. */
static struct {
	const struct diag *items;
	size_t len;
	const struct config_suppression **by_index;
} last;

static bool pointer_covers(const char *prefix, const char *pointer)
{
	size_t n;
	if (!prefix || !prefix[0])
		return true;
	n = strlen(prefix);
	return strncmp(prefix, pointer, n) == 0 && (pointer[n] == '\0' || pointer[n] == '/');
}

static struct config_suppression *find_suppression(const struct config_effective *eff,
                                                   const struct diag *d)
{
	for (size_t i = 0; i < eff->n_supps; i++)
		if (eff->supps[i]->rule == d->rule && pointer_covers(eff->supps[i]->pointer, d->pointer))
			return eff->supps[i];
	return NULL;
}

void policy_apply(const struct policy_input *in, struct diag_list *list,
                  struct policy_stats *stats)
{
	bool *keep = xcalloc(list->len + 1, sizeof *keep);
	const struct config_suppression **hid = xcalloc(list->len + 1, sizeof *hid);

	for (size_t i = 0; i < list->len; i++) {
		struct diag *d = &list->items[i];
		struct config_suppression *s;
		const char *id = d->rule ? d->rule->id : "";

		if (d->rule && in->eff) {
			int level = in->eff->levels[d->rule->index];
			if (level == CONFIG_OFF) {
				stats->off++;
				continue;
			}
			d->severity = (enum severity)level;
		}
		if (d->rule && in->eff && (s = find_suppression(in->eff, d))) {
			s->hits++;
			stats->suppressed++;
			if (in->keep_suppressed) {
				keep[i] = true;
				hid[i] = s;
			}
			continue;
		}
		if (in->baseline && baseline_take(in->baseline, in->file_key, id, d->pointer)) {
			stats->baselined++;
			continue;
		}
		if (in->record) {
			baseline_record(in->record, in->file_key, id, d->pointer);
			continue;
		}
		keep[i] = true;
		stats->kept++;
		if (d->severity >= (in->eff ? in->eff->fail_on : SEV_ERROR) &&
		    (in->eff ? in->eff->fail_on : SEV_ERROR) != SEV_NONE)
			stats->failing++;
	}
	size_t before = list->len, k = 0;
	diag_list_keep(list, keep);
	/* Compact the side table the same way diag_list_keep compacted the list. */
	for (size_t i = 0; i < before; i++)
		if (keep[i])
			hid[k++] = hid[i];
	free(last.by_index);
	last.items = list->items;
	last.len = list->len;
	last.by_index = hid;
	free(keep);
}

void policy_release(void)
{
	free(last.by_index);
	memset(&last, 0, sizeof last);
}

const struct config_suppression *policy_suppression_of(const struct diag *d)
{
	if (!last.by_index || d < last.items || d >= last.items + last.len)
		return NULL;
	return last.by_index[d - last.items];
}
