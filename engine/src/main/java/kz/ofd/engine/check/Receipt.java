package kz.ofd.engine.check;

import java.time.LocalDateTime;
import java.util.List;

/**
 * One accepted ticket as the public check shows it: the seller and KKM as the OFD registered them, and the
 * receipt's content as the register sent it (the journal's unchanged request). Money in tiyn, quantities in
 * thousandths of a unit, as on the wire.
 *
 * @param fiscalSign    the fiscal sign
 * @param sellerName    the owner's name
 * @param sellerBin     the owner's IIN/BIN
 * @param pointName     the trade point's name
 * @param address       the trade point's address
 * @param rnm           KGD registration number of the KKM
 * @param serialNumber  factory number of the KKM
 * @param kkmId         the KKM's id in the OFD («ИНК ОФД»)
 * @param shiftNumber   the shift
 * @param dateTime      the receipt's date-time (register's local time)
 * @param operation     OperationTypeEnum number (BUY 0, BUY_RETURN 1, SELL 2, SELL_RETURN 3)
 * @param cashier       the operator's name, or their code when the register sent no name
 * @param lines         the items: goods, storno, discounts and markups, in the register's order
 * @param discountTiyn  the receipt-level discount, 0 when none
 * @param markupTiyn    the receipt-level markup, 0 when none
 * @param taxes         taxes, receipt-level and per item, summed per type and rate
 * @param payments      payments by type
 * @param totalTiyn     the total
 * @param takenTiyn     cash handed over, 0 when not sent
 * @param changeTiyn    change, 0 when not sent
 * @param offline       made while the register was offline (autonomous mode)
 * @param buyerIdn      the buyer's IIN/BIN when the register sent one, else {@code null}
 * @param ofdName       the OFD's name
 */
public record Receipt(long fiscalSign, String sellerName, String sellerBin, String pointName, String address, String rnm,
                      String serialNumber, long kkmId, long shiftNumber, LocalDateTime dateTime, int operation,
                      String cashier, List<Line> lines, long discountTiyn, long markupTiyn, List<TaxLine> taxes,
                      List<PaymentLine> payments, long totalTiyn, long takenTiyn, long changeTiyn, boolean offline,
                      String buyerIdn, String ofdName) {

    /**
     * One item line.
     *
     * @param kind                 {@code commodity}, {@code storno}, {@code discount}, {@code markup},
     *                             {@code storno-discount} or {@code storno-markup}
     * @param name                 the name as the register sent it (may be empty)
     * @param quantityThousandths  quantity in thousandths (0 for discounts and markups)
     * @param priceTiyn            unit price (0 for discounts and markups)
     * @param sumTiyn              line sum
     */
    public record Line(String kind, String name, long quantityThousandths, long priceTiyn, long sumTiyn) {
    }

    /**
     * Taxes of one type and rate.
     *
     * @param taxType          tax type code (100 = VAT)
     * @param percentThousandths rate in thousandths of a percent (12000 = 12 %)
     * @param sumTiyn          the tax amount
     */
    public record TaxLine(int taxType, long percentThousandths, long sumTiyn) {
    }

    /**
     * One payment.
     *
     * @param type    PaymentTypeEnum number (CASH 0, CARD 1, CREDIT 2, TARE 3, MOBILE 4)
     * @param sumTiyn the amount
     */
    public record PaymentLine(int type, long sumTiyn) {
    }
}
