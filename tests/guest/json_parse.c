/* A tiny recursive-descent JSON parser: reads a document from stdin
 * (json_parse.stdin), builds a tree, prints it back canonically and
 * reports statistics.  Pointer-heavy, branchy code with recursion. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>

enum kind { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ };

struct node {
    enum kind kind;
    double num;
    char *str;          /* string value, or key when inside an object */
    struct node *child, *next;
};

static const char *src;
static int nodes, max_depth;

static void skip_ws(void) { while (isspace((unsigned char)*src)) src++; }

static struct node *new_node(enum kind k)
{
    struct node *n = calloc(1, sizeof *n);
    n->kind = k;
    nodes++;
    return n;
}

static char *parse_string(void)
{
    size_t cap = 16, len = 0;
    char *s = malloc(cap);
    src++;
    while (*src && *src != '"') {
        char c = *src++;
        if (c == '\\') {
            c = *src++;
            c = c == 'n' ? '\n' : c == 't' ? '\t' : c;
        }
        if (len + 2 > cap) s = realloc(s, cap *= 2);
        s[len++] = c;
    }
    src++;
    s[len] = 0;
    return s;
}

static struct node *parse_value(int depth);

static struct node *parse_list(enum kind k, char close, int depth)
{
    struct node *n = new_node(k), **tail = &n->child;
    src++;
    skip_ws();
    while (*src && *src != close) {
        char *key = NULL;
        if (k == J_OBJ) {
            key = parse_string();
            skip_ws();
            src++;  /* ':' */
        }
        struct node *v = parse_value(depth + 1);
        v->str = key;   /* string values live in a child, so str is free for the key */
        *tail = v;
        tail = &v->next;
        skip_ws();
        if (*src == ',') src++;
        skip_ws();
    }
    src++;
    return n;
}

static struct node *parse_value(int depth)
{
    if (depth > max_depth) max_depth = depth;
    skip_ws();
    if (*src == '{') return parse_list(J_OBJ, '}', depth);
    if (*src == '[') return parse_list(J_ARR, ']', depth);
    if (*src == '"') {
        struct node *n = new_node(J_STR);
        n->child = new_node(J_STR);
        n->child->str = parse_string();
        return n;
    }
    if (!strncmp(src, "true", 4) || !strncmp(src, "false", 5)) {
        struct node *n = new_node(J_BOOL);
        n->num = *src == 't';
        src += *src == 't' ? 4 : 5;
        return n;
    }
    if (!strncmp(src, "null", 4)) { src += 4; return new_node(J_NULL); }
    struct node *n = new_node(J_NUM);
    char *end;
    n->num = strtod(src, &end);
    src = end;
    return n;
}

static void print_value(const struct node *n, int indent);

static void print_members(const struct node *n, int indent, int keyed)
{
    for (const struct node *c = n->child; c; c = c->next) {
        printf("%*s", indent + 2, "");
        if (keyed) printf("\"%s\": ", c->str);
        print_value(c, indent + 2);
        printf(c->next ? ",\n" : "\n");
    }
}

static void print_value(const struct node *n, int indent)
{
    switch (n->kind) {
    case J_NULL: printf("null"); break;
    case J_BOOL: printf(n->num ? "true" : "false"); break;
    case J_NUM: printf("%.10g", n->num); break;
    case J_STR: printf("\"%s\"", n->child->str); break;
    case J_ARR: printf("[\n"); print_members(n, indent, 0); printf("%*s]", indent, ""); break;
    case J_OBJ: printf("{\n"); print_members(n, indent, 1); printf("%*s}", indent, ""); break;
    }
}

static double sum_numbers(const struct node *n)
{
    double s = n->kind == J_NUM ? n->num : 0;
    if (n->kind == J_ARR || n->kind == J_OBJ)
        for (const struct node *c = n->child; c; c = c->next) s += sum_numbers(c);
    return s;
}

int main(void)
{
    static char doc[1 << 16];
    size_t len = fread(doc, 1, sizeof doc - 1, stdin);
    doc[len] = 0;
    src = doc;
    struct node *root = parse_value(0);
    print_value(root, 0);
    printf("\nnodes %d depth %d sum %.6g\n", nodes, max_depth, sum_numbers(root));
    /* a generated document: deep nesting and many numbers */
    static char gen[1 << 16];
    int pos = 0;
    for (int i = 0; i < 40; i++) pos += sprintf(gen + pos, "[%d, {\"k%d\": ", i, i);
    pos += sprintf(gen + pos, "\"leaf\"");
    for (int i = 0; i < 40; i++) pos += sprintf(gen + pos, "}, %d.5]", i);
    nodes = max_depth = 0;
    src = gen;
    struct node *g = parse_value(0);
    printf("generated nodes %d depth %d sum %.6g\n", nodes, max_depth, sum_numbers(g));
    return 0;
}
