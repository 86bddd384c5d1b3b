namespace Estafeta.TestKit;
internal static class TestKitMarker;
