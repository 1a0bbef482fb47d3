namespace ActorServer.Samples.ClusterChat;

/// <summary>Where one node of the chat listens: its chat server (for clients, behind the load balancer) and its
/// cluster endpoint (for the other nodes), and which nodes it joins through.</summary>
/// <param name="Endpoint">The chat server's endpoint, <c>127.0.0.1:9997</c>; port 0 picks a free one.</param>
/// <param name="Hostname">The address the other nodes reach this node at.</param>
/// <param name="NodePort">The cluster (Akka.Remote) port; 0 picks a free one.</param>
/// <param name="SeedNodes">The nodes joined through, <c>akka.tcp://cluster-chat@127.0.0.1:4053</c>; the first seed
/// lists itself first. Empty: the node waits for <c>Cluster.Join</c>.</param>
public sealed record ClusterChatNode(string Endpoint, string Hostname, int NodePort, IReadOnlyList<string> SeedNodes);
