/*
 * finding: how a finding is put together and added.  The rule's (or a
 * constraint's) message template is rendered with the finding's
 * variables, and values reach a message only through value_text(), which
 * masks secrets.
 */
#include "finding.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ascii.h"
#include "jedit.h"
#include "secret_scan.h"
#include "strbuf.h"
#include "xalloc.h"

char *value_text(const struct run *r, const struct jnode *n, const struct param *p)
{
	if (!n)
		return xstrdup("");
	if ((p && p->secret) || secret_value_hidden(r->rs, n))
		return xstrdup("****");
	char buf[256];
	switch (jnode_type(n)) {
	case JT_STRING: return xstrdup(template_shorten(jnode_text(n), jnode_text_len(n), buf, sizeof buf));
	case JT_NUMBER: return xstrdup(template_shorten(jnode_text(n), jnode_text_len(n), buf, sizeof buf));
	case JT_BOOL: return xstrdup(jnode_boolean(n) ? "true" : "false");
	case JT_NULL: return xstrdup("null");
	case JT_ARRAY: return xstrdup("[...]");
	case JT_OBJECT: return xstrdup("{...}");
	case JT_UNKNOWN: return xstrdup("(known after apply)");
	}
	return xstrdup("");
}

/* The attribute that sends param in the current request: its resource's
 * (the readers record one per request, in order), else the first of
 * its operation's resources that maps it. */
/* The Terraform resource of the run's request, or NULL (a reader that
 * records none). */
static const struct tfmap_resource *terraform_resource(const struct run *r)
{
	const struct tfmap_trail *trail = &r->req->resources;
	const struct jnode *root = r->req->root;
	size_t i = 0;
	if (root && jnode_type(root) == JT_ARRAY)
		for (const struct jnode *n = jnode_first(root); n && n != r->request; n = jnode_next(n))
			i++;
	return i < trail->len ? trail->items[i] : NULL;
}

static const char *terraform_attribute(const struct run *r, const char *param)
{
	const struct tfmap_resource *res = terraform_resource(r);
	if (res)
		return tfmap_resource_attribute(res, param);
	return tfmap_attribute_of(&r->rs->terraform, r->op ? r->op->name : NULL, param);
}

/* The value a Terraform attribute is written with for the parameter value
 * `sent` (payment_type = "Subscription" sends PayType PrePaid), or NULL. */
static const char *terraform_value(const struct run *r, const char *attribute, const char *sent)
{
	const struct tfmap_resource *res = terraform_resource(r);
	const struct tfmap_attribute *a = res ? tfmap_attribute(res, attribute, strlen(attribute)) : NULL;
	return a ? tfmap_value_written(a, sent) : NULL;
}

/* "--dts-job-name" for DtsJobName, as the CLI's plugin form writes flags:
 * a '-' where a lower-case letter or digit meets a capital, and before
 * the last capital of a run followed by a lower-case letter
 * (SourceEndpointOracleSID: --source-endpoint-oracle-sid, DBName: --db-name). */
static const char *kebab_flag(const char *name, char *buf, size_t size)
{
	size_t k = 0;
	for (size_t i = 0; name[i] && k + 3 < size; i++) {
		char c = name[i];
		bool cap = c >= 'A' && c <= 'Z';
		bool after_word = i > 0 && ((name[i - 1] >= 'a' && name[i - 1] <= 'z') ||
		                            (name[i - 1] >= '0' && name[i - 1] <= '9'));
		bool ends_run = i > 0 && name[i - 1] >= 'A' && name[i - 1] <= 'Z' && name[i + 1] >= 'a' &&
		                name[i + 1] <= 'z';
		if (k == 0) {
			buf[k++] = '-';
			buf[k++] = '-';
		} else if (cap && (after_word || ends_run)) {
			buf[k++] = '-';
		}
		buf[k++] = ascii_tolower(c);
	}
	buf[k] = '\0';
	return buf;
}

const char *param_spelled(const struct run *r, const char *name, char *buf, size_t size)
{
	switch (r->req->spelling) {
	case REQUEST_SPELL_API: break;
	case REQUEST_SPELL_CLI:
		snprintf(buf, size, "--%s", name);
		return buf;
	case REQUEST_SPELL_CLI_PLUGIN:
		return kebab_flag(name, buf, size);
	case REQUEST_SPELL_TERRAFORM: {
		/* Action and the implied parameters (JobType) have no attribute */
		const char *attr = terraform_attribute(r, name);
		return attr ? attr : name;
	}
	}
	return name;
}

bool is_top_level(const struct run *r, const struct jnode *n)
{
	const struct jnode *p = jnode_parent(n), *root = r->req->root;
	return p && (p == root || (jnode_type(root) == JT_ARRAY && jnode_parent(p) == root));
}

/* A finding about a top-level member names it as the input spells it. */
static void spell_param_var(const struct run *r, struct finding *f, char *buf, size_t size)
{
	const struct jnode *n = f->node;
	if (r->req->spelling == REQUEST_SPELL_API || !n || !jnode_key(n) || !is_top_level(r, n))
		return;
	for (size_t i = 0; i < f->n_vars; i++)
		if (!strcmp(f->vars[i].name, "param") && !strcmp(f->vars[i].value, f->key_buf))
			f->vars[i].value = param_spelled(r, f->key_buf, buf, size);
}

void finding_var(struct finding *f, const char *name, const char *value)
{
	if (f->n_vars < sizeof f->vars / sizeof f->vars[0])
		f->vars[f->n_vars++] = (struct template_var){name, value};
}

void finding_init(struct finding *f, const struct rule *rule, const struct jnode *n, const char *value)
{
	memset(f, 0, sizeof *f);
	f->rule = rule;
	f->node = n;
	f->span = jnode_span(n);
	finding_var(f, "param", jnode_key(n) ? template_shorten(jnode_key(n), jnode_key_len(n), f->key_buf, sizeof f->key_buf) : "");
	finding_var(f, "value", value);
	finding_var(f, "type", jtype_name(jnode_type(n)));
}

/* A help line that names parameters the API's way ("add \"SourceEndpointPort\":
 * ...") in Terraform: each quoted parameter name that an attribute sends
 * becomes the attribute, and `"Name": ` becomes `name = ` in the native
 * syntax (`"name": ` in Terraform JSON).  Other quoted words (values)
 * stay.  Returns owned text, or NULL when nothing changed. */
static char *help_spelled(const struct run *r, const char *help)
{
	if (r->req->spelling != REQUEST_SPELL_TERRAFORM)
		return NULL;
	bool hcl = r->req->escape == REQUEST_ESCAPE_HCL, changed = false;
	struct strbuf out = STRBUF_INIT;
	const char *s = help;
	while (*s) {
		char q = *s;
		const char *end = (q == '"' || q == '\'') ? strchr(s + 1, q) : NULL;
		char name[128];
		const char *attr = NULL;
		if (end && (size_t)(end - s - 1) < sizeof name) {
			memcpy(name, s + 1, (size_t)(end - s - 1));
			name[end - s - 1] = '\0';
			attr = terraform_attribute(r, name);
		}
		if (!attr) {
			strbuf_addch(&out, *s++);
			continue;
		}
		changed = true;
		if (q == '"' && hcl && !strncmp(end + 1, ": ", 2)) {
			strbuf_addf(&out, "%s = ", attr); /* an attribute, as written in a block */
			s = end + 3;
		} else {
			strbuf_addf(&out, "%c%s%c", q, attr, q);
			s = end + 1;
		}
	}
	if (!changed) {
		strbuf_release(&out);
		return NULL;
	}
	return strbuf_detach(&out, NULL);
}

/* A rule's help names a parameter as JSON ('add "SourceEndpointIP": "<IP>"');
 * on a command line it is a flag: '--SourceEndpointIP '<IP>''.  Names that
 * are no parameter of the operation (Reserve's keys) stay JSON.  Returns
 * owned text, help consumed. */
static char *help_as_flags(const struct run *r, char *help)
{
	struct strbuf out = STRBUF_INIT;
	const char *p = help;
	for (const char *q; (q = strchr(p, '"'));) {
		size_t name = strspn(q + 1, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789");
		const char *value = q + 1 + name;
		const char *end = name && name < 200 && !strncmp(value, "\": \"", 4) ? strchr(value + 4, '"') : NULL;
		char key[200];
		snprintf(key, sizeof key, "%.*s", (int)name, q + 1);
		if (!end || memchr(value + 4, '\'', (size_t)(end - value - 4)) || !r->op ||
		    !operation_find_param(r->op, r->rs, key)) {
			strbuf_add(&out, p, (size_t)(q + 1 - p));
			p = q + 1;
			continue;
		}
		strbuf_add(&out, p, (size_t)(q - p));
		char flag[240];
		strbuf_addf(&out, "%s '%.*s'", param_spelled(r, key, flag, sizeof flag), (int)(end - value - 4),
		            value + 4);
		p = end + 1;
	}
	strbuf_add(&out, p, strlen(p));
	free(help);
	return strbuf_detach(&out, NULL);
}

/* A message names parameters the API's way in quotes ("'Reserve' must set
 * 'destTopic' when 'DestinationEndpointEngineName' is 'KAFKA'"); a
 * Terraform or command-line input spells them its own way, so each quoted
 * word that is a parameter of the request's operation is respelled (values
 * and nested keys are not parameters, and stay).  Returns owned text, or
 * NULL when nothing changed. */
static char *message_spelled(const struct run *r, const char *message)
{
	if (r->req->spelling == REQUEST_SPELL_API || !r->op)
		return NULL;
	struct strbuf out = STRBUF_INIT;
	bool changed = false;
	const char *s = message, *attribute = NULL; /* the last respelled name */
	char buf[300];
	for (const char *q; (q = strchr(s, '\''));) {
		const char *end = strchr(q + 1, '\'');
		char name[128];
		size_t len = end ? (size_t)(end - q - 1) : 0;
		const char *spelled = NULL;
		if (len && len < sizeof name) {
			memcpy(name, q + 1, len);
			name[len] = '\0';
			if (operation_find_param(r->op, r->rs, name))
				spelled = param_spelled(r, name, buf, sizeof buf);
			else if (attribute && r->req->spelling == REQUEST_SPELL_TERRAFORM)
				spelled = terraform_value(r, attribute, name); /* "'payment_type' is 'PrePaid'" */
		}
		if (!spelled || !strcmp(spelled, name)) {
			strbuf_add(&out, s, (size_t)(q + 1 - s));
			s = q + 1;
			continue;
		}
		strbuf_add(&out, s, (size_t)(q + 1 - s));
		strbuf_addstr(&out, spelled);
		attribute = spelled == buf ? NULL : spelled;
		s = end;
		changed = true;
	}
	if (!changed) {
		strbuf_release(&out);
		return NULL;
	}
	strbuf_addstr(&out, s);
	return strbuf_detach(&out, NULL);
}

/* A variable whose text holds JSON with a secret pair (a key written as
 * "{\"password\": ...}") is shown as ****, as a secret value is. */
static void hide_pair_vars(const struct run *r, struct finding *f)
{
	for (size_t i = 0; i < f->n_vars; i++)
		if (f->vars[i].value && secret_text_shows_pair(r->rs, f->vars[i].value, strlen(f->vars[i].value)))
			f->vars[i].value = "****";
}

/* The pointer with each segment that holds JSON with a secret pair shown
 * as ****; NULL when none does (a pointer is made of keys, and a key can
 * be such a text).  Returns owned text. */
static char *pointer_hidden(const struct run *r, const char *pointer)
{
	if (!pointer || !strpbrk(pointer, "\"'"))
		return NULL;
	struct strbuf out = STRBUF_INIT;
	bool hid = false;
	for (const char *seg = pointer; *seg == '/';) {
		const char *end = strchr(seg + 1, '/');
		size_t len = end ? (size_t)(end - seg - 1) : strlen(seg + 1);
		bool hide = secret_text_shows_pair(r->rs, seg + 1, len);
		strbuf_addch(&out, '/');
		if (hide)
			strbuf_addstr(&out, "****");
		else
			strbuf_add(&out, seg + 1, len);
		hid = hid || hide;
		seg += 1 + len;
	}
	if (!hid) {
		strbuf_release(&out);
		return NULL;
	}
	return strbuf_detach(&out, NULL);
}

struct diag *finding_report(struct run *r, struct finding *f)
{
	char spelled[300];
	hide_pair_vars(r, f);
	spell_param_var(r, f, spelled, sizeof spelled);
	char *message = template_render(f->message_template ? f->message_template : f->rule->message,
	                                 f->vars, f->n_vars);
	if (f->message_suffix) {
		size_t len = strlen(message), extra = strlen(f->message_suffix);
		message = xrealloc(message, len + extra + 1);
		memcpy(message + len, f->message_suffix, extra + 1);
	}
	char *spelled_message = message_spelled(r, message);
	if (spelled_message) {
		free(message);
		message = spelled_message;
	}
	char *help = f->help_template ? template_render(f->help_template, f->vars, f->n_vars) : NULL;
	char *spelled_help = help ? help_spelled(r, help) : NULL;
	if (spelled_help) {
		free(help);
		help = spelled_help;
	}
	if (help && request_spelling_is_cli(r->req->spelling))
		help = help_as_flags(r, help);
	char *pointer = f->pointer ? NULL : jnode_pointer(r->req->doc, f->node);
	char *hidden = pointer_hidden(r, f->pointer ? f->pointer : pointer);
	struct diag *d = diag_add(r->diags, f->rule, f->span.start, f->span.end,
	                          hidden ? hidden : f->pointer ? f->pointer : pointer, message,
	                          help ? help : f->suggestion);
	free(hidden);
	if (f->has_related)
		diag_set_related(d, f->related.start, f->related.end, f->related_message);
	if (f->fix_node && f->fix_text) {
		if (f->fix_key)
			jedit_key(d, f->fix_node, f->fix_text, r->req->escape, r->req->src->bytes);
		else
			jedit_value(d, f->fix_node, f->fix_text, f->fix_len, r->req->escape, r->req->src->bytes);
	}
	free(message);
	free(help);
	free(pointer);
	return d;
}

const char *shown_text(struct shown *s)
{
	if (s->fixed)
		return s->fixed;
	if (!s->text)
		s->text = value_text(s->r, s->n, s->p);
	return s->text;
}

