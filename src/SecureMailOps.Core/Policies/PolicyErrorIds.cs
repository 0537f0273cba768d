namespace SecureMailOps.Core.Policies;

/// <summary>
/// The stable error identifiers of the policy engine. Scripts and tests match on them, so a
/// published id never changes meaning; docs/policies.md lists them with their categories.
/// </summary>
public static class PolicyErrorIds
{
    /// <summary>The YAML text itself is malformed.</summary>
    public const string YamlSyntax = "PolicyYamlSyntax";

    /// <summary>A mapping repeats a key.</summary>
    public const string DuplicateKey = "PolicyDuplicateKey";

    /// <summary>A mapping has a key the format does not define.</summary>
    public const string UnknownKey = "PolicyUnknownKey";

    /// <summary>A value has the wrong shape or type (a list where a mapping belongs, text where a number belongs).</summary>
    public const string WrongType = "PolicyWrongType";

    /// <summary>A required field is missing.</summary>
    public const string MissingField = "PolicyMissingField";

    /// <summary>A condition names an operator the language does not have.</summary>
    public const string UnknownOperator = "PolicyUnknownOperator";

    /// <summary>A condition has no operator, or more than one.</summary>
    public const string InvalidCondition = "PolicyInvalidCondition";

    /// <summary>Two rules share an id.</summary>
    public const string DuplicateRuleId = "PolicyDuplicateRuleId";

    /// <summary>A duration such as 90d cannot be read.</summary>
    public const string InvalidDuration = "PolicyInvalidDuration";

    /// <summary>A date cannot be read.</summary>
    public const string InvalidDate = "PolicyInvalidDate";

    /// <summary>A value is outside the allowed set or range (severity, practice number, regex, field path).</summary>
    public const string InvalidValue = "PolicyInvalidValue";

    /// <summary>A rule references a parameter its policy does not declare.</summary>
    public const string UnknownParameter = "PolicyUnknownParameter";

    /// <summary>The apiVersion is not one this engine reads.</summary>
    public const string UnsupportedApiVersion = "PolicyUnsupportedApiVersion";

    /// <summary>The document kind is not one this engine reads.</summary>
    public const string UnknownKind = "PolicyUnknownKind";

    /// <summary>Alias expansion would exceed the node budget (an alias bomb).</summary>
    public const string AliasLimit = "PolicyAliasLimitExceeded";

    /// <summary>Nesting is deeper than allowed.</summary>
    public const string DepthLimit = "PolicyDepthLimitExceeded";

    /// <summary>A scalar is longer than allowed.</summary>
    public const string ScalarLimit = "PolicyScalarTooLarge";

    /// <summary>A file is larger than allowed.</summary>
    public const string FileLimit = "PolicyFileTooLarge";

    /// <summary>A YAML tag other than the core ones (for example a type-instantiating tag).</summary>
    public const string UnsupportedTag = "PolicyUnsupportedTag";

    /// <summary>A policy path does not exist.</summary>
    public const string PathNotFound = "PolicyPathNotFound";

    /// <summary>A file could not be read.</summary>
    public const string ReadFailed = "PolicyReadFailed";

    /// <summary>An evaluation-time parameter override names no declared parameter.</summary>
    public const string ParameterUnknown = "PolicyParameterUnknown";

    /// <summary>An evaluation-time parameter override has a value of the wrong type.</summary>
    public const string ParameterInvalid = "PolicyParameterInvalid";

    /// <summary>An inventory file or record is malformed.</summary>
    public const string InventoryInvalid = "InventoryRecordInvalid";

    /// <summary>An inventory record has no kind, or one the engine does not know.</summary>
    public const string InventoryKind = "InventoryKindInvalid";

    /// <summary>-Source names no inventory source, or several -Path files get a different number of -Source names.</summary>
    public const string InventorySource = "InventorySourceInvalid";

    /// <summary>Two sources merged into one record give a field different values (a warning; the first value is kept).</summary>
    public const string InventoryConflict = "InventoryFieldConflict";

    /// <summary>A folder of Microsoft Graph pages lacks a page of a response (its @odata.nextLink chain does not end, or a numbered page is absent).</summary>
    public const string InventoryPageMissing = "InventoryPageMissing";

    /// <summary>A folder holds Graph pages of one collection from more than one response (two pages end a chain).</summary>
    public const string InventoryPageChain = "InventoryPageChainMixed";

    /// <summary>A folder given as an inventory path holds more inventory files than one folder may (<see cref="Inventory.InventoryFolder.MaxFiles"/>).</summary>
    public const string InventoryFolderLimit = "InventoryFolderTooLarge";

    /// <summary>An inventory file has an extension the reader does not know.</summary>
    public const string InventoryFormat = "InventoryFormatUnknown";

    /// <summary>An inventory path does not exist.</summary>
    public const string InventoryNotFound = "InventoryPathNotFound";

    /// <summary>Assert-SecurityPolicy found failures at or above its threshold.</summary>
    public const string AssertionFailed = "SecurityPolicyAssertionFailed";
}
