using ChatCommerce.Contracts.V1;

namespace ChatCommerce.BotServer.Grpc;

// These services are part of the v1 contract; their methods answer UNIMPLEMENTED (the generated
// base behaviour) until their features land. Mapping them now keeps authorization and reflection
// complete, so clients see the real service names.

public sealed class GroupBuysService : GroupBuys.GroupBuysBase;
