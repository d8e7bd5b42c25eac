/*
 * kafka-mock: runs librdkafka's in-process mock Kafka cluster as a standalone
 * process so that kafkajs (or any Kafka client) can connect to it over loopback.
 *
 *   kafka-mock [--brokers N] [--topic NAME:PARTITIONS[:REPLICATION]]...
 *
 * Prints "READY host:port,host:port,..." as the first stdout line, then answers
 * one line ("OK ..." or "ERR reason") per command read from stdin:
 *
 *   broker down ID | broker up ID
 *   error REQUEST ERRCODE [COUNT]      REQUEST: name (Produce, Fetch, ...) or ApiKey
 *                                      ERRCODE: number or name (NOT_COORDINATOR, ...)
 *   topic create NAME PARTITIONS [REPLICATION]
 *   quit
 *
 * EOF on stdin, SIGINT and SIGTERM also shut the cluster down and exit 0.
 * Bad arguments exit 2. librdkafka logs go to stderr only.
 *
 * Mock quirks (librdkafka 2.0.2) that clients must know; details in README.md:
 *  - Topics: no CreateTopics API and no controller (Metadata says ControllerId
 *    0), so create topics here (--topic / "topic create"). Metadata is only
 *    v0-v2, which has no AllowAutoTopicCreation flag: any Metadata request for
 *    an unknown topic auto-creates it with 4 partitions, even with kafkajs'
 *    allowAutoTopicCreation: false.
 *  - broker down/up only drops/refuses connections; leadership never moves.
 *  - Consumer groups need tuned kafkajs settings (src/kafkajs-settings.ts).
 *  - Error codes by name use librdkafka's names, e.g. NOT_LEADER_FOR_PARTITION.
 */
#define _GNU_SOURCE /* ppoll */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#define MAX_BROKERS 32
#define MAX_PARTITIONS 10000
#define MAX_ERROR_COUNT 10000
#define MAX_LINE 1024
#define MAX_WORDS 8

typedef struct {
        char *name;
        int partitions;
        int replication; /* -1: default, min(3, brokers) */
} topic_spec_t;

static const struct {
        const char *name;
        int16_t key;
} request_types[] = {
    {"Produce", 0},        {"Fetch", 1},       {"ListOffsets", 2},
    {"Metadata", 3},       {"OffsetCommit", 8}, {"OffsetFetch", 9},
    {"FindCoordinator", 10}, {"JoinGroup", 11}, {"Heartbeat", 12},
    {"LeaveGroup", 13},    {"SyncGroup", 14},  {"ApiVersions", 18},
    {"InitProducerId", 22},
};

static volatile sig_atomic_t stop_requested;
static rd_kafka_mock_cluster_t *mcluster;
static int broker_cnt = 1;

static void on_signal(int sig) {
        (void)sig;
        stop_requested = 1;
}

/* Parses a whole-string decimal integer within [min, max]. */
static int parse_int(const char *s, long min, long max, long *out) {
        char *end;
        errno = 0;
        long v = strtol(s, &end, 10);
        if (errno || end == s || *end || v < min || v > max)
                return -1;
        *out = v;
        return 0;
}

static int parse_request_type(const char *s, int16_t *key) {
        long v;
        for (size_t i = 0; i < sizeof(request_types) / sizeof(*request_types); i++) {
                if (!strcasecmp(s, request_types[i].name)) {
                        *key = request_types[i].key;
                        return 0;
                }
        }
        if (parse_int(s, 0, INT16_MAX, &v))
                return -1;
        *key = (int16_t)v;
        return 0;
}

/* Error codes by number or by librdkafka name (e.g. NOT_COORDINATOR, _TRANSPORT). */
static int parse_error_code(const char *s, rd_kafka_resp_err_t *err) {
        const struct rd_kafka_err_desc *descs;
        size_t cnt;
        long v;
        if (!parse_int(s, INT_MIN, INT_MAX, &v)) {
                *err = (rd_kafka_resp_err_t)v;
                return 0;
        }
        rd_kafka_get_err_descs(&descs, &cnt);
        for (size_t i = 0; i < cnt; i++) {
                if (descs[i].name && !strcasecmp(s, descs[i].name)) {
                        *err = descs[i].code;
                        return 0;
                }
        }
        return -1;
}

static int default_replication(void) {
        return broker_cnt < 3 ? broker_cnt : 3;
}

/* Validates and creates a topic; on failure writes the reason to errbuf. */
static int create_topic(const topic_spec_t *t, char *errbuf, size_t size) {
        int replication = t->replication == -1 ? default_replication() : t->replication;
        if (replication > broker_cnt) {
                snprintf(errbuf, size, "replication factor %d exceeds broker count %d",
                         replication, broker_cnt);
                return -1;
        }
        rd_kafka_resp_err_t err =
            rd_kafka_mock_topic_create(mcluster, t->name, t->partitions, replication);
        if (err) {
                snprintf(errbuf, size, "topic %s: %s", t->name, rd_kafka_err2str(err));
                return -1;
        }
        return 0;
}

/* Parses "NAME:PARTITIONS[:REPLICATION]" (modifies s). */
static int parse_topic_spec(char *s, topic_spec_t *t) {
        char *partitions = strchr(s, ':');
        long p, r = -1;
        if (!partitions || partitions == s)
                return -1;
        *partitions++ = '\0';
        char *replication = strchr(partitions, ':');
        if (replication)
                *replication++ = '\0';
        if (parse_int(partitions, 1, MAX_PARTITIONS, &p) ||
            (replication && parse_int(replication, 1, MAX_BROKERS, &r)))
                return -1;
        t->name = s;
        t->partitions = (int)p;
        t->replication = (int)r;
        return 0;
}

/* Executes one command line (split into words) and prints its OK/ERR reply. */
static void run_command(char **w, int n) {
        char err[256];
        long v, count = 1;

        if (n == 3 && !strcmp(w[0], "broker") &&
            (!strcmp(w[1], "down") || !strcmp(w[1], "up"))) {
                if (parse_int(w[2], 1, broker_cnt, &v)) {
                        printf("ERR broker id must be 1..%d\n", broker_cnt);
                        return;
                }
                rd_kafka_resp_err_t e = !strcmp(w[1], "down")
                                            ? rd_kafka_mock_broker_set_down(mcluster, (int32_t)v)
                                            : rd_kafka_mock_broker_set_up(mcluster, (int32_t)v);
                if (e)
                        printf("ERR %s\n", rd_kafka_err2str(e));
                else
                        printf("OK broker %ld %s\n", v, w[1]);

        } else if ((n == 3 || n == 4) && !strcmp(w[0], "error")) {
                int16_t key;
                rd_kafka_resp_err_t code;
                if (parse_request_type(w[1], &key)) {
                        printf("ERR unknown request type: %s\n", w[1]);
                } else if (parse_error_code(w[2], &code)) {
                        printf("ERR unknown error code: %s\n", w[2]);
                } else if (n == 4 && parse_int(w[3], 1, MAX_ERROR_COUNT, &count)) {
                        printf("ERR count must be 1..%d\n", MAX_ERROR_COUNT);
                } else {
                        rd_kafka_resp_err_t codes[MAX_ERROR_COUNT];
                        for (long i = 0; i < count; i++)
                                codes[i] = code;
                        rd_kafka_mock_push_request_errors_array(mcluster, key, (size_t)count, codes);
                        printf("OK error %d %s x%ld\n", key, rd_kafka_err2name(code), count);
                }

        } else if ((n == 4 || n == 5) && !strcmp(w[0], "topic") && !strcmp(w[1], "create")) {
                topic_spec_t t = {w[2], 0, -1};
                long r = -1;
                if (parse_int(w[3], 1, MAX_PARTITIONS, &v) ||
                    (n == 5 && parse_int(w[4], 1, MAX_BROKERS, &r))) {
                        printf("ERR usage: topic create NAME PARTITIONS [REPLICATION]\n");
                        return;
                }
                t.partitions = (int)v;
                t.replication = (int)r;
                if (create_topic(&t, err, sizeof(err)))
                        printf("ERR %s\n", err);
                else
                        printf("OK topic %s created\n", t.name);

        } else {
                printf("ERR unknown command: %s (expected broker|error|topic|quit)\n", w[0]);
        }
}

/* Splits line on whitespace in place; returns the word count. */
static int split_words(char *line, char **words) {
        int n = 0;
        for (char *tok = strtok(line, " \t\r"); tok && n < MAX_WORDS; tok = strtok(NULL, " \t\r"))
                words[n++] = tok;
        return n;
}

/*
 * Reads stdin line by line until quit, EOF or a signal. SIGINT/SIGTERM stay
 * blocked except inside ppoll() so a signal can never slip in between the flag
 * check and the wait.
 */
static void command_loop(const sigset_t *wait_mask) {
        char buf[MAX_LINE];
        size_t len = 0;
        struct pollfd pfd = {.fd = STDIN_FILENO, .events = POLLIN};

        while (!stop_requested) {
                if (ppoll(&pfd, 1, NULL, wait_mask) < 0) {
                        if (errno == EINTR)
                                continue;
                        perror("kafka-mock: poll");
                        return;
                }
                ssize_t r = read(STDIN_FILENO, buf + len, sizeof(buf) - 1 - len);
                if (r <= 0)
                        return; /* EOF or error */
                len += (size_t)r;

                char *nl;
                while ((nl = memchr(buf, '\n', len))) {
                        size_t consumed = (size_t)(nl - buf) + 1;
                        char *words[MAX_WORDS];
                        *nl = '\0';
                        int n = split_words(buf, words);
                        if (n == 1 && !strcmp(words[0], "quit")) {
                                printf("OK bye\n");
                                return;
                        }
                        if (n > 0)
                                run_command(words, n);
                        fflush(stdout);
                        memmove(buf, buf + consumed, len - consumed);
                        len -= consumed;
                }
                if (len == sizeof(buf) - 1) {
                        printf("ERR line too long\n");
                        fflush(stdout);
                        len = 0;
                }
        }
}

static void usage(const char *reason) {
        fprintf(stderr,
                "kafka-mock: %s\n"
                "usage: kafka-mock [--brokers N] [--topic NAME:PARTITIONS[:REPLICATION]]...\n",
                reason);
        exit(2);
}

int main(int argc, char **argv) {
        topic_spec_t *topics = calloc((size_t)argc, sizeof(*topics));
        int topic_cnt = 0;
        char errstr[512];
        long v;

        for (int i = 1; i < argc; i++) {
                const char *value = i + 1 < argc ? argv[i + 1] : NULL;
                if (!strcmp(argv[i], "--brokers") && value) {
                        if (parse_int(value, 1, MAX_BROKERS, &v))
                                usage("--brokers must be 1..32");
                        broker_cnt = (int)v;
                } else if (!strcmp(argv[i], "--topic") && value) {
                        if (parse_topic_spec(argv[i + 1], &topics[topic_cnt++]))
                                usage("--topic must be NAME:PARTITIONS[:REPLICATION]");
                } else {
                        usage("unknown or incomplete argument");
                }
                i++;
        }
        for (int i = 0; i < topic_cnt; i++)
                if (topics[i].replication > broker_cnt)
                        usage("--topic replication factor exceeds --brokers");

        /* Block SIGINT/SIGTERM before librdkafka starts threads (they inherit
         * the mask); the command loop unblocks them only while waiting. */
        sigset_t blocked, wait_mask;
        sigemptyset(&blocked);
        sigaddset(&blocked, SIGINT);
        sigaddset(&blocked, SIGTERM);
        sigprocmask(SIG_BLOCK, &blocked, &wait_mask);
        struct sigaction sa = {.sa_handler = on_signal};
        sigaction(SIGINT, &sa, NULL);
        sigaction(SIGTERM, &sa, NULL);
        signal(SIGPIPE, SIG_IGN);

        /* The mock cluster needs an rd_kafka_t for bookkeeping only; keep its
         * own logging (e.g. "no bootstrap.servers") down to warnings. */
        rd_kafka_conf_t *conf = rd_kafka_conf_new();
        if (rd_kafka_conf_set(conf, "log_level", "4", errstr, sizeof(errstr)) != RD_KAFKA_CONF_OK) {
                fprintf(stderr, "kafka-mock: %s\n", errstr);
                return 1;
        }
        rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof(errstr));
        if (!rk) {
                fprintf(stderr, "kafka-mock: rd_kafka_new failed: %s\n", errstr);
                return 1;
        }
        mcluster = rd_kafka_mock_cluster_new(rk, broker_cnt);
        if (!mcluster) {
                fprintf(stderr, "kafka-mock: failed to create mock cluster\n");
                rd_kafka_destroy(rk);
                return 1;
        }

        int status = 0;
        for (int i = 0; i < topic_cnt && !status; i++) {
                if (create_topic(&topics[i], errstr, sizeof(errstr))) {
                        fprintf(stderr, "kafka-mock: %s\n", errstr);
                        status = 1;
                }
        }
        if (!status) {
                printf("READY %s\n", rd_kafka_mock_cluster_bootstraps(mcluster));
                fflush(stdout);
                command_loop(&wait_mask);
                fflush(stdout);
        }

        rd_kafka_mock_cluster_destroy(mcluster);
        rd_kafka_destroy(rk);
        free(topics);
        return status;
}
