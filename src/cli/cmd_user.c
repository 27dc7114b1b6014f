/* cmd_user.c — `cityrisk user add|passwd|list`: user administration from the shell. Passwords
 * come on standard input only, never on the command line (where `ps` would show them). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "service/auth.h"
#include "store/accounts.h"

static int read_password(char *buf, size_t cap)
{
	if (!fgets(buf, (int)cap, stdin)) {
		fprintf(stderr, "cityrisk: no password on standard input\n");
		return -1;
	}
	buf[strcspn(buf, "\r\n")] = 0;
	return 0;
}

int cr_cmd_user(int argc, char **argv)
{
	struct cr_opts o = { 0 };
	if (cr_opts_parse(argc, argv, &o))
		return 2;
	const char *verb = o.npos > 0 ? o.pos[0] : "";
	if (o.help || !*verb) {
		printf("cityrisk user add LOGIN --role "
		       "city|city_dept|district|district_dept|street|unit|expert"
		       " [--region CODE] [--dept CODE] [--unit ID] --password-stdin\n"
		       "cityrisk user passwd LOGIN --password-stdin\ncityrisk user list\n");
		return o.help ? 0 : 2;
	}
	struct cr_db *db = cr_cli_open_db(&o);
	if (!db)
		return 1;
	struct cr_conn *c = cr_db_conn(db);
	struct cr_err err;
	int rc = 0;
	char pw[256];
	if (strcmp(verb, "list") == 0) {
		struct cr_user *users;
		size_t n;
		if (cr_store_account_list_all(c, &users, &n, &err)) {
			fprintf(stderr, "cityrisk: %s\n", err.message);
			rc = 1;
		} else {
			for (size_t i = 0; i < n; i++)
				printf("%-20s %-14s %-10s %-6s\n", users[i].login,
				       cr_role_name(users[i].role), users[i].region, users[i].dept);
			free(users);
		}
	} else if ((strcmp(verb, "add") == 0 || strcmp(verb, "passwd") == 0) && o.npos == 2) {
		if (!o.password_stdin) {
			fprintf(stderr, "cityrisk: give the password with --password-stdin\n");
			rc = 2;
		} else if (read_password(pw, sizeof pw)) {
			rc = 2;
		} else if (strcmp(verb, "add") == 0) {
			long long id;
			rc = cr_user_add(c, NULL, o.pos[1], o.role, o.region, o.dept,
					 o.unit ? atoll(o.unit) : 0, pw, &id, &err);
			if (!rc)
				printf("user %s added (id %lld)\n", o.pos[1], id);
		} else {
			rc = cr_user_set_password(c, NULL, o.pos[1], pw, &err);
			if (!rc)
				printf("password of %s changed\n", o.pos[1]);
		}
		if (rc < 0)
			fprintf(stderr, "cityrisk: %s%s%s\n", err.message,
				*err.field ? " — field " : "", err.field);
		if (rc)
			rc = 1;
	} else {
		fprintf(stderr, "cityrisk: unknown or incomplete user command\n");
		rc = 2;
	}
	cr_db_close(db);
	return rc;
}
