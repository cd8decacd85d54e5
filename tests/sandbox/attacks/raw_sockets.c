/* Raw IP, packet and non-route netlink sockets (sniffing, spoofing,
 * kernel event and audit channels). */
#include <linux/if_ether.h>
#include <linux/netlink.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include "common.h"

int main(void)
{
    struct { int af, type, proto; const char *what; } t[] = {
        {AF_INET, SOCK_RAW, IPPROTO_ICMP, "raw inet icmp"},
        {AF_INET, SOCK_RAW, IPPROTO_RAW, "raw inet"},
        {AF_INET6, SOCK_RAW, IPPROTO_ICMPV6, "raw inet6"},
        {AF_INET, SOCK_PACKET, htons(ETH_P_ALL), "inet SOCK_PACKET"},
        {AF_PACKET, SOCK_RAW, htons(ETH_P_ALL), "packet raw"},
        {AF_PACKET, SOCK_DGRAM, htons(ETH_P_ALL), "packet dgram"},
        {AF_NETLINK, SOCK_RAW, NETLINK_AUDIT, "netlink audit"},
        {AF_NETLINK, SOCK_RAW, NETLINK_KOBJECT_UEVENT, "netlink uevent"},
        {AF_NETLINK, SOCK_RAW, NETLINK_SOCK_DIAG, "netlink sock_diag"},
        {AF_NETLINK, SOCK_RAW, NETLINK_NETFILTER, "netlink netfilter"},
        {AF_VSOCK, SOCK_STREAM, 0, "vsock"},
        {AF_BLUETOOTH, SOCK_RAW, 0, "bluetooth"},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        int s = socket(t[i].af, t[i].type, t[i].proto);
        if (s >= 0) {
            won(t[i].what);
            close(s);
        } else {
            lost(t[i].what);
        }
    }
    return verdict();
}
