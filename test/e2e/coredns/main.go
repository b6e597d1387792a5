// coredns: CoreDNS for the end-to-end cluster with only the plugins its Corefile uses
// (test/e2e/cluster/coredns.yaml), so it builds in a fraction of the time of CoreDNS with all its
// plugins (every cloud provider's SDK). There is deliberately no `forward` plugin: no query can
// leave the cluster.
package main

import (
	"github.com/coredns/coredns/coremain"
	_ "github.com/coredns/coredns/plugin/cache"
	_ "github.com/coredns/coredns/plugin/errors"
	_ "github.com/coredns/coredns/plugin/kubernetes"
	_ "github.com/coredns/coredns/plugin/ready"
)

func main() {
	coremain.Run()
}
