/*
 * config_file: one `.dtslint.json`, parsed strictly (config_file.c): its
 * rule levels, patterns, overrides, suppressions and locks, each with its
 * place in the file.  Merging files into the configuration of a checked
 * file is config.h's job; this knows one file only.
 */
#ifndef DTSLINT_CONFIG_FILE_H
#define DTSLINT_CONFIG_FILE_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "ruleset.h"
#include "source.h"

#define CONFIG_FILE_NAME ".dtslint.json"

/* A rule level: 0 is off, otherwise an enum severity. */
#define CONFIG_OFF 0

struct config_file;

struct config_rule_setting {
	const struct rule *rule;
	int level;                 /* CONFIG_OFF or enum severity */
	size_t start, end;         /* the entry's key in the config file */
	const char *origin;        /* command-line spelling ("--disable DTS104"); NULL in files */
	bool locked_out;           /* ignored: a farther file locks the rule */
};

struct config_override {
	char **files;
	size_t n_files;
	struct config_rule_setting *rules;
	size_t n_rules;
};

struct config_suppression {
	const struct config_file *owner;
	char **files;          /* patterns; none: every file below the config */
	size_t n_files;
	const struct rule *rule;
	char *pointer;         /* "" or NULL: the whole file; else a prefix */
	char *reason;
	size_t start, end;     /* the suppression object in the config file */
	bool locked_out;
	bool covered;          /* a checked file was in its scope */
	size_t hits;           /* findings it suppressed */
};

struct config_lock {
	const struct rule *rule;
	size_t start, end;
};

struct config_file {
	char *path;            /* as shown to the user */
	char *dir;             /* absolute folder; its patterns are relative to it */
	struct source *src;    /* kept for the positions of its own findings */
	const struct config_file *parent; /* the next file farther up, or NULL */
	struct config_rule_setting *rules;
	size_t n_rules;
	bool has_fail_on;
	enum severity fail_on;
	char **files, **exclude;
	size_t n_files, n_exclude;
	struct config_override *overrides;
	size_t n_overrides;
	struct config_suppression *supps;
	size_t n_supps;
	struct config_lock *locks;
	size_t n_locks;
	struct diag_list problems; /* DTS901/DTS902 about this file */
};

/* Parse one config file (already read).  Returns owned or NULL with
 * "path:line:col: problem" in err.  `parent` is borrowed. */
struct config_file *config_file_parse(struct source *src, const char *abs_dir,
                                      const struct config_file *parent,
                                      const struct ruleset *rs, char *err, size_t errsize);
void config_file_free(struct config_file *cf);

/* A rule by ID or name (case-insensitive), or NULL. */
const struct rule *config_find_rule(const struct ruleset *rs, const char *word, size_t len);
/* "did you mean" among every rule ID and name, or NULL. */
const char *config_closest_rule(const struct ruleset *rs, const char *word, size_t len);
/* "off"/"note"/"warning"/"error" (fail_on: "none" for off) to a level;
 * false with *close a suggestion or NULL. */
bool config_level_parse(const char *text, bool fail_on, int *out, const char **close);

#endif
