/*
 * Lineside test peer: a small libmodbus Modbus-TCP server (not Python, so the poller is checked
 * against an independent implementation).
 *
 *   modbus_peer <port>
 *
 * Listens on 127.0.0.1:<port>, answers any unit id, serves many clients at once (select loop),
 * survives clients that disconnect and reconnect, prints "ready <port>" once listening and exits
 * on SIGTERM / SIGINT.  Register map (addresses outside the ranges give exception 2):
 *
 *   coils             0..15    coil 0 = 1, coil 3 = 1
 *   discrete inputs   0..15    input 1 = 1
 *   holding registers 0..2999
 *      0-1   float32 1.0               (big word order)      0x3F80 0x0000
 *      2-3   int32   -2                                      0xFFFF 0xFFFE
 *      4-5   float32 1.0 word-swapped                        0x0000 0x3F80
 *      6-7   float32 1.0 byte-swapped                        0x803F 0x0000
 *      8-11  float64 -0.5                                    0xBFE0 0 0 0
 *      12-13 uint32  0x12345678                              0x1234 0x5678
 *      14    int16   -300                                    0xFED4
 *      15    uint16  4242                                    0x1092
 *      16-19 string  "LINESIDE"                              0x4C49 0x4E45 0x5349 0x4445
 *      20-21 float32 NaN                                     0x7FC0 0x0000
 *      30-2999 zero (writable scratch; 1000-2999 also serve the throughput bench) except
 *      200-223 and 300-323: the TYPE MATRIX (below; big-endian bytes in the first, little in the second)
 *   input registers   100..109
 *      100   int16 tonnage raw 3275 (scale 0.1 -> 327.5)     0x0CCB
 *      101   uint16 7
 *
 * The type matrix: every numeric type in every word order (big/little) and byte order (big/little),
 * with a value whose 16-bit words and bytes all differ, so that a decoder which drops or mixes up a
 * word or byte swap reads a different number.  This program encodes them itself (below, not with
 * libmodbus' helpers nor anything of Lineside's) and, after "ready <port>", prints one line per entry:
 *
 *   matrix <name> <type> <word order> <byte order> <address> <value> <register words as hex...>
 *
 * then "end".  Values are printed with 17 significant digits (float32 values: the float32 itself).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <netinet/in.h>

#include <modbus.h>

static volatile sig_atomic_t stop_requested = 0;

#define MATRIX_START 200

struct matrix_entry {
    const char *type;
    int words;
    double fvalue;          /* float32/float64 */
    long long ivalue;       /* integers (two's complement for the signed ones) */
};

/* values whose words (and the bytes inside each word) all differ */
static const struct matrix_entry MATRIX_TYPES[] = {
    {"int16", 1, 0, -12345},                  /* 0xCFC7 */
    {"uint16", 1, 0, 41394},                  /* 0xA1B2 */
    {"int32", 2, 0, -123456789},              /* 0xF8A4 0x32EB */
    {"uint32", 2, 0, 2309737967LL},           /* 0x89AB 0xCDEF */
    {"float32", 2, -1234.5677490234375, 0},   /* 0xC49A 0x522B */
    {"float64", 4, 12345.678901234567, 0},    /* 0x40C8 0x1CD6 0xE63A 0xE5A7 */
};
static const char *ORDERS[2] = {"big", "little"};

/* the value's bytes, most significant first (the "big/big" wire image) */
static void big_endian_bytes(const struct matrix_entry *e, uint8_t *out)
{
    uint64_t bits = 0;
    int n = 2 * e->words;
    if (strcmp(e->type, "float32") == 0) {
        float f = (float)e->fvalue;
        uint32_t b32;
        memcpy(&b32, &f, 4);
        bits = b32;
    } else if (strcmp(e->type, "float64") == 0) {
        double d = e->fvalue;
        memcpy(&bits, &d, 8);
    } else {
        bits = (uint64_t)e->ivalue;  /* two's complement, truncated below to the type's width */
    }
    for (int i = 0; i < n; i++)
        out[i] = (uint8_t)(bits >> (8 * (n - 1 - i)));
}

/* fills the registers from MATRIX_START and prints the table; returns the next free address */
static int fill_matrix(uint16_t *regs)
{
    int addr = MATRIX_START;
    for (int bo = 0; bo < 2; bo++) {       /* byte order outermost: each half is one block of one byte order */
        addr = MATRIX_START + 100 * bo;
        for (size_t t = 0; t < sizeof MATRIX_TYPES / sizeof MATRIX_TYPES[0]; t++) {
            const struct matrix_entry *e = &MATRIX_TYPES[t];
            for (int wo = 0; wo < 2; wo++) {
                uint8_t b[8];
                uint16_t w[4];
                big_endian_bytes(e, b);
                for (int i = 0; i < e->words; i++) {
                    int src = wo ? (e->words - 1 - i) : i;          /* word order: little = last word first */
                    uint8_t hi = b[2 * src], lo = b[2 * src + 1];
                    w[i] = bo ? (uint16_t)((lo << 8) | hi) : (uint16_t)((hi << 8) | lo);  /* byte order */
                    regs[addr + i] = w[i];
                }
                printf("matrix %s_%s_%s %s %s %s %d ", e->type, ORDERS[wo], ORDERS[bo], e->type, ORDERS[wo],
                       ORDERS[bo], addr);
                if (strcmp(e->type, "float32") == 0)
                    printf("%.17g", (double)(float)e->fvalue);
                else if (strcmp(e->type, "float64") == 0)
                    printf("%.17g", e->fvalue);
                else
                    printf("%lld", e->ivalue);
                for (int i = 0; i < e->words; i++)
                    printf(" %04X", w[i]);
                printf("\n");
                addr += e->words;
            }
        }
    }
    printf("end\n");
    return addr;
}

static void on_signal(int sig)
{
    (void)sig;
    stop_requested = 1;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s <port>\n", argv[0]);
        return 2;
    }
    int port = atoi(argv[1]);
    modbus_t *ctx = modbus_new_tcp("127.0.0.1", port);
    if (ctx == NULL) {
        fprintf(stderr, "modbus_new_tcp: %s\n", modbus_strerror(errno));
        return 1;
    }
    modbus_mapping_t *map = modbus_mapping_new_start_address(0, 16, 0, 16, 0, 3000, 100, 10);
    if (map == NULL) {
        fprintf(stderr, "mapping: %s\n", modbus_strerror(errno));
        modbus_free(ctx);
        return 1;
    }
    map->tab_bits[0] = 1;
    map->tab_bits[3] = 1;
    map->tab_input_bits[1] = 1;
    const uint16_t hr[] = {0x3F80, 0x0000, 0xFFFF, 0xFFFE, 0x0000, 0x3F80, 0x803F, 0x0000,
                           0xBFE0, 0x0000, 0x0000, 0x0000, 0x1234, 0x5678, 0xFED4, 0x1092,
                           0x4C49, 0x4E45, 0x5349, 0x4445, 0x7FC0, 0x0000};
    memcpy(map->tab_registers, hr, sizeof hr);
    map->tab_input_registers[0] = 0x0CCB;
    map->tab_input_registers[1] = 7;

    int server = modbus_tcp_listen(ctx, 16);
    if (server == -1) {
        fprintf(stderr, "listen on %d: %s\n", port, modbus_strerror(errno));
        modbus_mapping_free(map);
        modbus_free(ctx);
        return 1;
    }
    signal(SIGTERM, on_signal);
    signal(SIGINT, on_signal);
    signal(SIGPIPE, SIG_IGN);
    printf("ready %d\n", port);
    fill_matrix(map->tab_registers);
    fflush(stdout);

    fd_set refset, rdset;
    FD_ZERO(&refset);
    FD_SET(server, &refset);
    int fdmax = server;
    uint8_t query[MODBUS_TCP_MAX_ADU_LENGTH];

    while (!stop_requested) {
        rdset = refset;
        struct timeval tv = {0, 200000};
        int n = select(fdmax + 1, &rdset, NULL, NULL, &tv);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            perror("select");
            break;
        }
        for (int fd = 0; fd <= fdmax && n > 0; fd++) {
            if (!FD_ISSET(fd, &rdset))
                continue;
            n--;
            if (fd == server) {
                struct sockaddr_in addr;
                socklen_t len = sizeof addr;
                int client = accept(server, (struct sockaddr *)&addr, &len);
                if (client >= 0) {
                    FD_SET(client, &refset);
                    if (client > fdmax)
                        fdmax = client;
                }
                continue;
            }
            modbus_set_socket(ctx, fd);
            int rc = modbus_receive(ctx, query);
            if (rc > 0) {
                modbus_reply(ctx, query, rc, map);
            } else if (rc == -1) {
                close(fd);  /* client went away: forget it, keep serving the others */
                FD_CLR(fd, &refset);
                while (fdmax > server && !FD_ISSET(fdmax, &refset))
                    fdmax--;
            }
        }
    }
    for (int fd = 0; fd <= fdmax; fd++)
        if (FD_ISSET(fd, &refset))
            close(fd);
    modbus_mapping_free(map);
    modbus_free(ctx);
    return 0;
}
