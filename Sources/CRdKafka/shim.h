#ifndef CLINICLEDGER_CRDKAFKA_SHIM_H
#define CLINICLEDGER_CRDKAFKA_SHIM_H
#include <string.h>
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

/*
 * rd_kafka_producev() is a variadic macro Swift cannot call, and building a
 * C union array (rd_kafka_vu_t) from Swift is clumsy; this helper builds the
 * array for rd_kafka_produceva(). Key and value are copied (RD_KAFKA_MSG_F_COPY)
 * and header values are copied into the headers list, so the caller's buffers
 * only need to live for the duration of the call. A NULL key produces a record
 * with a null key.
 *
 * Headers go in as one application-owned list (RD_KAFKA_VTYPE_HEADERS), not as
 * RD_KAFKA_VTYPE_HEADER entries: with the latter, librdkafka frees the list
 * twice when the partitioner rejects the record (e.g. unknown partition). With
 * an application list, ownership passes to the message on success and stays
 * with us on any failure, so we destroy it then.
 *
 * Returns NULL on success or an error object the caller must destroy.
 */
static inline rd_kafka_error_t *
clinicledger_produce(rd_kafka_t *rk, const char *topic, int32_t partition,
                     const void *key, size_t key_len, const void *value,
                     size_t value_len, const char *const *header_names,
                     const void *const *header_values,
                     const size_t *header_sizes, size_t header_cnt,
                     void *msg_opaque) {
        rd_kafka_vu_t vus[7];
        rd_kafka_headers_t *hdrs = NULL;
        rd_kafka_error_t *error;
        size_t i = 0, h;

        memset(vus, 0, sizeof(vus));
        vus[i].vtype     = RD_KAFKA_VTYPE_TOPIC;
        vus[i++].u.cstr  = topic;
        vus[i].vtype     = RD_KAFKA_VTYPE_PARTITION;
        vus[i++].u.i32   = partition;
        vus[i].vtype     = RD_KAFKA_VTYPE_MSGFLAGS;
        vus[i++].u.i     = RD_KAFKA_MSG_F_COPY;
        if (key) {
                vus[i].vtype        = RD_KAFKA_VTYPE_KEY;
                vus[i].u.mem.ptr    = (void *)key;
                vus[i++].u.mem.size = key_len;
        }
        vus[i].vtype        = RD_KAFKA_VTYPE_VALUE;
        vus[i].u.mem.ptr    = (void *)value;
        vus[i++].u.mem.size = value_len;
        if (header_cnt > 0) {
                hdrs = rd_kafka_headers_new(header_cnt);
                for (h = 0; h < header_cnt; h++)
                        rd_kafka_header_add(hdrs, header_names[h], -1,
                                            header_values[h],
                                            (ssize_t)header_sizes[h]);
                vus[i].vtype       = RD_KAFKA_VTYPE_HEADERS;
                vus[i++].u.headers = hdrs;
        }
        vus[i].vtype    = RD_KAFKA_VTYPE_OPAQUE;
        vus[i++].u.ptr  = msg_opaque;

        error = rd_kafka_produceva(rk, vus, i);
        if (error && hdrs)
                rd_kafka_headers_destroy(hdrs);
        return error;
}

#endif
