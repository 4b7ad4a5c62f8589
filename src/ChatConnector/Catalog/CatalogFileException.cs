namespace ChatCommerce.ChatConnector.Catalog;

/// <summary>
/// The file as a whole cannot be imported (unreadable, not UTF-8, not a JSON array, unknown or
/// missing CSV columns); found before anything is sent.
/// </summary>
public sealed class CatalogFileException(string message) : Exception(message);
